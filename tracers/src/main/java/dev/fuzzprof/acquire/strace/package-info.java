/**
 * Runs a bounded strace window under a guard that releases the traced processes whatever happens
 * to fuzzprof. It hands strace's text on; parsing is {@code dev.fuzzprof.parse}'s.
 */
package dev.fuzzprof.acquire.strace;
