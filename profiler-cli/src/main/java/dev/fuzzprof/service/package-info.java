/**
 * Services wire acquire -> parse -> analyze for a command and return result records: {@code
 * Campaigns} (scaling-report, snapshot), {@code TopSampler}, {@code LiveAttach} with its steps,
 * {@code FlameProfile}, {@code TraceAnalysis}.
 */
package dev.fuzzprof.service;
