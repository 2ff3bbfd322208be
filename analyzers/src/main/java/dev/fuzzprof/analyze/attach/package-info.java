/**
 * What attach computes from what it read: rates, syscalls per case, the target's CPU and its
 * kernel share, findings. Like all of analyzers: no files, processes, clocks or terminals; the
 * service measures, this only computes.
 */
package dev.fuzzprof.analyze.attach;
