/**
 * Pure parser of a libFuzzer run's output (its log): the last status line's coverage, corpus and
 * runs, the crashes it wrote, how long it ran. No files: the caller reads the log.
 */
package dev.fuzzprof.parse.libfuzzer;
