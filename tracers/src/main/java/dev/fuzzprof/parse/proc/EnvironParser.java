package dev.fuzzprof.parse.proc;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads /proc/PID/environ: NAME=VALUE entries separated by NUL bytes. */
public final class EnvironParser {
  private EnvironParser() {}

  /** The variables, in order; an entry without {@code =} is skipped. */
  public static Map<String, String> parse(String text) {
    Map<String, String> env = new LinkedHashMap<>();
    int start = 0;
    int n = text.length();
    while (start < n) {
      int end = text.indexOf('\0', start);
      if (end < 0) {
        end = n;
      }
      int eq = text.indexOf('=', start);
      if (eq > start && eq < end) {
        env.putIfAbsent(text.substring(start, eq), text.substring(eq + 1, end));
      }
      start = end + 1;
    }
    return env;
  }
}
