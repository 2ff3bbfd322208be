/**
 * Pure records and parsers of the machine: CPU topology, inventory, privileges. No files, no
 * processes: {@code acquire.sys} reads the machine.
 */
package dev.fuzzprof.parse.sys;
