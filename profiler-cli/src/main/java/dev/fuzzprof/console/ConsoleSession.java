package dev.fuzzprof.console;

import org.jline.terminal.Terminal;

/**
 * The terminal of the running console, if any: a command started from the console (top) draws
 * on it instead of opening the process's terminal a second time.
 */
public final class ConsoleSession {
  private static volatile Terminal current;

  private ConsoleSession() {}

  public static Terminal current() {
    return current;
  }

  static void set(Terminal t) {
    current = t;
  }
}
