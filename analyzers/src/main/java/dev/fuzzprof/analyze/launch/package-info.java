/**
 * What fuzzprof launch and scale will run, decided before anything starts: which CPU each
 * instance gets, how it is bound there, its name, role and options, and when a dead instance is
 * started again. Pure: the command lines are values; the service runs them.
 */
package dev.fuzzprof.analyze.launch;
