/**
 * The machine: CPU topology from /sys, the inventory from OSHI, jnr-posix (signals, sysconf,
 * euid) and the privilege pre-flight.
 */
package dev.fuzzprof.acquire.sys;
