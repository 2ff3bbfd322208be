package dev.fuzzprof.cli.command;

/** How a command prints its result; each command says which of these it has. */
public enum OutputFormat {
  /** For people. */
  text,
  /** Stable keys, for scripts. */
  json,
  /** One self-contained page with pictures. */
  html
}
