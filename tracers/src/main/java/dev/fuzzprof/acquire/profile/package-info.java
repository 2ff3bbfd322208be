/**
 * Runs the profilers behind flame (perf record, async-profiler) and finds the processes to
 * profile. The profilers' output is parsed by {@code dev.fuzzprof.parse.profile}; nothing here
 * analyzes it.
 */
package dev.fuzzprof.acquire.profile;
