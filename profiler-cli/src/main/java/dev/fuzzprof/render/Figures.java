package dev.fuzzprof.render;

import java.util.Locale;

/** Number formatting shared by the text renderers. */
public final class Figures {
  private Figures() {}

  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  public static String one(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  public static String rate(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
  }

  public static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }
}
