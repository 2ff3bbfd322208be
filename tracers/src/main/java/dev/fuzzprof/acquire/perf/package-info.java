/**
 * Runs perf: counting tracepoints between acknowledged enable/disable ({@code PerfStatCounter}),
 * counting a fork server's cases ({@code CaseCounter}), sampling CPUs ({@code CpuSampler}). Every
 * run is bounded and ends when fuzzprof ends. perf's text is parsed by {@code
 * dev.fuzzprof.parse.perf}.
 */
package dev.fuzzprof.acquire.perf;
