package dev.fuzzprof.cli.command;

import java.time.Duration;
import picocli.CommandLine;

/** Reads a time span as people write it: {@code 1s}, {@code 200ms}, {@code 0.5s}, {@code 2}. */
public final class IntervalConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.strip().toLowerCase(java.util.Locale.ROOT);
    double scale;
    String number;
    if (v.endsWith("ms")) {
      scale = 1;
      number = v.substring(0, v.length() - 2);
    } else if (v.endsWith("s")) {
      scale = 1000;
      number = v.substring(0, v.length() - 1);
    } else if (v.endsWith("m")) {
      scale = 60_000;
      number = v.substring(0, v.length() - 1);
    } else {
      scale = 1000;
      number = v;
    }
    try {
      double ms = Double.parseDouble(number.strip()) * scale;
      if (!(ms > 0) || ms > 3_600_000) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a time between 1ms and 1h");
      }
      return Duration.ofNanos((long) (ms * 1_000_000));
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a time span (write 1s, 500ms or 2)");
    }
  }
}
