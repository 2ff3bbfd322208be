package dev.fuzzprof.acquire.profile;

import java.nio.file.Path;

/**
 * What a profiler run left behind.
 *
 * @param text the profile as text: perf script output, or collapsed stacks
 * @param format which of the two
 * @param seconds how long the profile ran
 * @param targetExited the target ended before the profile did (the profile covers less time)
 */
public record ProfileCapture(Path text, Format format, double seconds, boolean targetExited) {
  public enum Format {
    PERF_SCRIPT,
    COLLAPSED
  }
}
