/**
 * The typed, immutable events a trace parses into.
 */
package dev.fuzzprof.event;
