/**
 * Pure parsers of stack samples: perf script stacks and collapsed stacks. No files, no processes;
 * the writer of collapsed stacks is a renderer ({@code render.CollapsedStacks}).
 */
package dev.fuzzprof.parse.profile;
