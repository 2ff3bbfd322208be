package dev.fuzzprof.parse.afl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Why a fuzzer stopped, from the end of its output: afl-fuzz's {@code PROGRAM ABORT} line and
 * the line after it (the reason and where), a sanitizer's or libFuzzer's {@code ERROR:} line,
 * else its last non-empty lines. Colours and cursor codes are taken out.
 */
public final class LastWords {
  private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]|\u001b[()][A-Z0-9]");

  private LastWords() {}

  /** At most {@code max} lines saying why, from the tail of a log; empty for an empty log. */
  public static List<String> of(String tail, int max) {
    List<String> lines = new ArrayList<>();
    for (String l : ANSI.matcher(tail).replaceAll("").split("\r?\n|\r")) {
      String t = l.strip();
      if (!t.isEmpty()) {
        lines.add(t);
      }
    }
    for (int i = lines.size() - 1; i >= 0; i--) {
      String l = lines.get(i);
      if (l.contains("PROGRAM ABORT") || l.startsWith("ERROR:") || l.contains("ERROR: ")) {
        return List.copyOf(lines.subList(i, Math.min(lines.size(), i + Math.max(1, max))));
      }
    }
    return List.copyOf(lines.subList(Math.max(0, lines.size() - max), lines.size()));
  }
}
