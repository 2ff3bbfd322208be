/**
 * What analyze computes from a syscall trace: cases, the per-case pattern, findings.
 */
package dev.fuzzprof.analyze.trace;
