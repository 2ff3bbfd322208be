package dev.fuzzprof.cli.command;

import dev.fuzzprof.parse.TimeSpan;
import java.time.Duration;
import picocli.CommandLine;

/** Reads a time span as people write it: {@code 1s}, {@code 200ms}, {@code 0.5s}, {@code 2}. */
public final class IntervalConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    double seconds = TimeSpan.seconds(value).orElseThrow(() -> new CommandLine
        .TypeConversionException("'" + value + "' is not a time span (write 1s, 500ms or 2)"));
    double ms = seconds * 1000;
    if (!(ms > 0) || ms > 3_600_000) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a time between 1ms and 1h");
    }
    return Duration.ofNanos((long) (ms * 1_000_000));
  }
}
