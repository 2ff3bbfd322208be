/**
 * What flame computes from stack samples: user and kernel shares, kernel frames and paths,
 * findings. Like all of analyzers: no files, processes, clocks or terminals.
 */
package dev.fuzzprof.analyze.flame;
