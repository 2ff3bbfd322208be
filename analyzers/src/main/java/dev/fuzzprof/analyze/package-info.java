/**
 * Pure computation on parsed records: no files, processes, clocks or terminals. Holds what every
 * analysis shares: the one catalog of finding ids, findings, severities, the target mode.
 */
package dev.fuzzprof.analyze;
