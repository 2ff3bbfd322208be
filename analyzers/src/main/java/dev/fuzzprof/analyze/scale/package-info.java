/**
 * The scaling curve of fuzzprof scale: one campaign report per instance count, turned into
 * efficiency against the one-instance step, the knee, and what explains the loss.
 */
package dev.fuzzprof.analyze.scale;
