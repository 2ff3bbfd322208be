/**
 * Acquire: the classes that run tools (strace, perf, async-profiler) and read files, /proc and
 * /sys. They hand text to the parsers in {@code dev.fuzzprof.parse}; they compute nothing and
 * print nothing.
 */
package dev.fuzzprof.acquire;
