/**
 * Runs the profilers behind flame (perf record, async-profiler) and finds the processes to
 * profile.
 */
package dev.fuzzprof.acquire.profile;
