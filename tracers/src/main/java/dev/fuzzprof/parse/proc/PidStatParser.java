package dev.fuzzprof.parse.proc;

import java.util.Optional;

/**
 * /proc/PID/stat. The command name sits in parentheses and may itself contain spaces and
 * parentheses, so the line is split at the last {@code ')'}. Pure.
 */
public final class PidStatParser {
  private PidStatParser() {}

  /** Empty when the text is not a stat line (the process went away mid-read, or garbage). */
  public static Optional<PidStat> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    int open = text.indexOf('(');
    int close = text.lastIndexOf(')');
    if (open < 0 || close < open) {
      return Optional.empty();
    }
    try {
      int pid = Integer.parseInt(text.substring(0, open).trim());
      String comm = text.substring(open + 1, close);
      // rest[0] is field 3 (state); field N is rest[N - 3]
      String[] rest = text.substring(close + 1).trim().split("\\s+");
      if (rest.length < 37) {
        return Optional.empty();
      }
      return Optional.of(new PidStat(pid, comm, rest[0].charAt(0), Integer.parseInt(rest[1]),
          Long.parseLong(rest[14 - 3]), Long.parseLong(rest[15 - 3]),
          Long.parseLong(rest[16 - 3]), Long.parseLong(rest[17 - 3]),
          Long.parseLong(rest[22 - 3]), Integer.parseInt(rest[39 - 3])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
