/**
 * Pure parsers of trace text (strace, perf trace) into events, and the line machinery that feeds
 * them. No files, no processes.
 */
package dev.fuzzprof.parse;
