/**
 * Pure parsers of perf output: perf stat CSV, perf script CPU samples. No files, no processes:
 * {@code acquire.perf} runs perf.
 */
package dev.fuzzprof.parse.perf;
