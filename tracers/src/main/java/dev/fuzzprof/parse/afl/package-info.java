/**
 * Pure parsers of AFL files: fuzzer_stats, plot_data, fuzzer_setup and afl-fuzz command lines.
 */
package dev.fuzzprof.parse.afl;
