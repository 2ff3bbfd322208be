/**
 * What compare computes from two arms of trials: each trial's value of the metric at the point
 * compared (a sync dir's coverage is its best instance's), the arms' quartiles and median curves,
 * the Mann-Whitney U test, the Vargha-Delaney A12 and its magnitude, the verdict and the
 * warnings. Like all of analyzers: no files, processes, clocks or terminals; the service reads
 * and parses the trials, this only computes.
 */
package dev.fuzzprof.analyze.compare;
