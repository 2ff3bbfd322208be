/**
 * The command line: {@code Main.run} returns the exit code, {@code Exits} is the one place that
 * maps problems to exit codes and one-line messages. Nothing here reads /proc or runs a tool; the
 * commands are in {@code cli.command}.
 */
package dev.fuzzprof.cli;
