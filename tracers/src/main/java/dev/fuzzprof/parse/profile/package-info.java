/**
 * Pure parsers of stack samples: perf script stacks and collapsed stacks.
 */
package dev.fuzzprof.parse.profile;
