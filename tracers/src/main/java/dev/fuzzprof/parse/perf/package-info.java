/**
 * Pure parsers of perf output: perf stat CSV, perf script CPU samples.
 */
package dev.fuzzprof.parse.perf;
