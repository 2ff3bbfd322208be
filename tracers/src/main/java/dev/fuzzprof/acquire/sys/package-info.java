/**
 * The machine: CPU topology from /sys, the inventory from OSHI, jnr-posix (signals, sysconf, euid)
 * and the privilege pre-flight. Parsing and the records are in {@code dev.fuzzprof.parse.sys}.
 */
package dev.fuzzprof.acquire.sys;
