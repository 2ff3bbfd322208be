package dev.fuzzprof.cli.command;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Every time option of every command: one reading of what people write ({@code 500ms},
 * {@code 2s}, {@code 1.5} for seconds, {@code 2m}, {@code 1h}) and one wording for a mistake.
 * Each option names its limits by picking a nested converter; picocli puts the option's name in
 * front of the message, so {@code attach --sample-time soon} says so, not "--duration".
 */
public abstract class DurationOption implements CommandLine.ITypeConverter<Duration> {
  private final Duration min;
  private final Duration max;

  DurationOption(Duration min, Duration max) {
    this.min = min;
    this.max = max;
  }

  @Override
  public Duration convert(String text) {
    Duration d = parse(text);
    if (d == null) {
      throw new CommandLine.TypeConversionException(
          "'" + text + "' is not a time: write 500ms, 5s, 2m, 1h or 2 (seconds)");
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new CommandLine.TypeConversionException(
          "'" + text + "' is outside " + words(min) + " to " + words(max));
    }
    return d;
  }

  /** The span {@code text} names, or null when it is not one; no limits applied. */
  static Duration parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    double factor = 1;
    for (String[] unit : UNITS) {
      if (t.endsWith(unit[0])) {
        factor = Double.parseDouble(unit[1]);
        t = t.substring(0, t.length() - unit[0].length()).strip();
        break;
      }
    }
    if (t.isEmpty() || !(t.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9')))) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(t) * factor;
      if (!Double.isFinite(seconds) || seconds > 366 * 86400.0) {
        return null;
      }
      return Duration.ofNanos(Math.round(seconds * 1e9));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Longest suffix first, so that {@code ms} is not read as minutes. */
  private static final String[][] UNITS = {{"ms", "0.001"}, {"s", "1"}, {"m", "60"},
      {"h", "3600"}};

  /** A limit as people write it: 100ms, 10s, 10m, 1h. */
  static String words(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  /** In seconds, as the services take it. */
  static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  /** A counting window (attach, flame): 100 ms to 1 h. */
  public static final class Window extends DurationOption {
    public Window() {
      super(Duration.ofMillis(100), Duration.ofHours(1));
    }
  }

  /** A /proc sample (scaling-report, snapshot): 100 ms to 10 min. */
  public static final class Sample extends DurationOption {
    public Sample() {
      super(Duration.ofMillis(100), Duration.ofMinutes(10));
    }
  }

  /** A short traced window (attach's strace sample): 10 ms to 1 min. */
  public static final class Traced extends DurationOption {
    public Traced() {
      super(Duration.ofMillis(10), Duration.ofMinutes(1));
    }
  }

  /** A refresh interval (top): 100 ms to 1 h; /proc is read every time. */
  public static final class Refresh extends DurationOption {
    public Refresh() {
      super(Duration.ofMillis(100), Duration.ofHours(1));
    }
  }

  /** A moment of a trial to compare at (compare --at): 1 s to 30 days. */
  public static final class TrialTime extends DurationOption {
    public TrialTime() {
      super(Duration.ofSeconds(1), Duration.ofDays(30));
    }
  }
}
