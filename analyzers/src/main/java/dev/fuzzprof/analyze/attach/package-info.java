/**
 * What attach computes from what it read: rates, syscalls per case, the target's CPU and its
 * kernel share, findings.
 */
package dev.fuzzprof.analyze.attach;
