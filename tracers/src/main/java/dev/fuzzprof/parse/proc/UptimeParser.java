package dev.fuzzprof.parse.proc;

import java.util.OptionalDouble;

/** /proc/uptime: seconds since boot (first number). Pure. */
public final class UptimeParser {
  private UptimeParser() {}

  public static OptionalDouble parse(String text) {
    if (text == null || text.isBlank()) {
      return OptionalDouble.empty();
    }
    try {
      return OptionalDouble.of(Double.parseDouble(text.trim().split("\\s+")[0]));
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }
}
