/**
 * {@code fuzzprof analyze}: stream a saved trace through the parsers into {@code TraceAnalyzer}.
 * Reads the file; prints nothing.
 */
package dev.fuzzprof.service.trace;
