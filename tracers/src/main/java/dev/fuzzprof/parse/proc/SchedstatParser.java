package dev.fuzzprof.parse.proc;

import java.util.Optional;

/** /proc/PID/schedstat: three numbers on one line. Pure. */
public final class SchedstatParser {
  private SchedstatParser() {}

  public static Optional<Schedstat> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String[] f = text.trim().split("\\s+");
    if (f.length < 3) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Schedstat(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
