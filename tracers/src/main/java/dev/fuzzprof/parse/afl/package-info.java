/**
 * Pure parsers of AFL files: fuzzer_stats, plot_data, fuzzer_setup and afl-fuzz command lines. No
 * files: {@code acquire.afl} reads them.
 */
package dev.fuzzprof.parse.afl;
