package dev.fuzzprof.cli.command;

/** How a command prints its result. */
public enum OutputFormat {
  text,
  json
}
