/**
 * Runs a bounded strace window under a guard that releases the traced processes whatever happens
 * to fuzzprof.
 */
package dev.fuzzprof.acquire.strace;
