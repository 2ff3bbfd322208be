/**
 * The command line: {@code Main.run} returns the exit code, {@code Exits} is the one place that
 * maps problems to exit codes and one-line messages.
 */
package dev.fuzzprof.cli;
