package dev.fuzzprof.parse.afl;

/**
 * What {@code afl-showmap -C -i DIR -o FILE} writes to FILE: one line {@code EDGE:COUNT} per map
 * entry that any input of DIR hit (the union of their coverage), e.g. {@code 001234:3}. Pure.
 */
public final class ShowmapParser {
  private ShowmapParser() {}

  /** The edges hit: lines of two colon-separated numbers; other lines are not counted. */
  public static long edges(String file) {
    long n = 0;
    for (String line : file.split("\n")) {
      String l = line.strip();
      int colon = l.indexOf(':');
      if (colon > 0 && colon < l.length() - 1 && digits(l, 0, colon)
          && digits(l, colon + 1, l.length())) {
        n++;
      }
    }
    return n;
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
