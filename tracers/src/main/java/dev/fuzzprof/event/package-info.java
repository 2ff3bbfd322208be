/**
 * The typed, immutable events a trace parses into. Records only: no parsing, no files.
 */
package dev.fuzzprof.event;
