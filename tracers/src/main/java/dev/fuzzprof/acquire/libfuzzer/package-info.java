/**
 * Reads libFuzzer's files: the job logs of {@code -jobs} ({@code fuzz-N.log}) or one named log,
 * as text. Parsing is {@code dev.fuzzprof.parse.libfuzzer}'s; which process writes a log is
 * {@code acquire.proc.FuzzerProcesses}'s.
 */
package dev.fuzzprof.acquire.libfuzzer;
