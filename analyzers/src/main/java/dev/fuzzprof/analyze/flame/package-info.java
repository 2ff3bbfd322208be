/**
 * What flame computes from stack samples: user and kernel shares, kernel frames and paths,
 * findings.
 */
package dev.fuzzprof.analyze.flame;
