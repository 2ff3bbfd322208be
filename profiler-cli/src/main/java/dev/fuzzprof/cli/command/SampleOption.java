package dev.fuzzprof.cli.command;

import dev.fuzzprof.parse.TimeSpan;
import dev.fuzzprof.problem.FuzzprofException;

/** The {@code --sample} window of scaling-report and snapshot. */
final class SampleOption {
  private SampleOption() {}

  /** {@code 2s}, {@code 500ms}, {@code 1.5} (seconds), {@code 1m}; 100 ms to 10 min. */
  static double seconds(String text) {
    double v = TimeSpan.seconds(text).orElseThrow(() -> FuzzprofException.usage(
        "--sample " + text + ": give a duration such as 2s or 500ms"));
    if (!(v >= 0.1 && v <= 600)) {
      throw FuzzprofException.usage("--sample " + text + ": must be between 100ms and 10m");
    }
    return v;
  }
}
