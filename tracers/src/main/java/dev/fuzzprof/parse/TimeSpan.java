package dev.fuzzprof.parse;

import java.util.Locale;
import java.util.OptionalDouble;

/** A time span as people write it on a command line: {@code 500ms}, {@code 2s}, {@code 1.5}, {@code 1m}. */
public final class TimeSpan {
  private TimeSpan() {}

  /** The span in seconds (a bare number is seconds); empty when the text is not a time span. */
  public static OptionalDouble seconds(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    double factor = 1;
    if (t.endsWith("ms")) {
      factor = 0.001;
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      factor = 60;
      t = t.substring(0, t.length() - 1);
    }
    try {
      double v = Double.parseDouble(t.strip()) * factor;
      return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }
}
