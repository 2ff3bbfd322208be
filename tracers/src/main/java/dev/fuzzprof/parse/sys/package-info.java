/**
 * Pure records and parsers of the machine: CPU topology, inventory, privileges.
 */
package dev.fuzzprof.parse.sys;
