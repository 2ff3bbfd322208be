/**
 * Pure parsers of libFuzzer's output: the log of one job ({@code fuzz-N.log}, or a redirected
 * stderr). No files: {@code acquire.libfuzzer} reads them.
 */
package dev.fuzzprof.parse.libfuzzer;
