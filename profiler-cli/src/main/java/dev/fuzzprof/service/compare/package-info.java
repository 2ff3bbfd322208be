/**
 * {@code fuzzprof compare}: read each trial (an AFL output dir through {@code AflOutputDir}, or a
 * libFuzzer log), parse it, check that every trial has a value at the point compared, and hand
 * both arms to {@code CompareAnalyzer}. Prints nothing and writes no file: the command renders.
 */
package dev.fuzzprof.service.compare;
