/**
 * What analyze computes from a syscall trace: cases, the per-case pattern, findings. Like all of
 * analyzers: no files, processes, clocks or terminals.
 */
package dev.fuzzprof.analyze.trace;
