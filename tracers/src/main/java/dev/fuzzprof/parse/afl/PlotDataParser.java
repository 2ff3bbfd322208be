package dev.fuzzprof.parse.afl;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code plot_data}: a {@code #} header naming the columns, then comma-separated rows: execs and
 * the coverage columns (corpus, crashes, map_size, edges_found), each where the file has it. AFL++
 * starts with relative_time, AFL 2.5x with unix_time; columns are found by name in the header
 * (AFL 2.5x and AFL++ positions when there is none). Pure; bad rows are counted, not thrown.
 */
public final class PlotDataParser {
  private PlotDataParser() {}

  public static PlotData parse(String text) {
    int timeCol = 0;
    int epsCol = 10;
    int totalCol = 11;
    int corpusCol = 3;
    int mapCol = 6;
    int crashCol = 7;
    int edgesCol = 12;
    boolean unixTime = false;
    List<PlotPoint> points = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    int bad = 0;
    long first = Long.MIN_VALUE;
    Row row = new Row();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty()) {
        continue;
      }
      if (l.startsWith("#")) {
        String[] names = l.substring(1).split(",");
        epsCol = -1;
        totalCol = -1;
        corpusCol = -1;
        mapCol = -1;
        crashCol = -1;
        edgesCol = -1;
        for (int i = 0; i < names.length; i++) {
          switch (names[i].strip()) {
            case "relative_time" -> timeCol = i;
            case "unix_time" -> {
              timeCol = i;
              unixTime = true;
            }
            case "execs_per_sec" -> epsCol = i;
            case "total_execs" -> totalCol = i;
            case "corpus_count", "paths_total" -> corpusCol = i;
            case "map_size" -> mapCol = i;
            case "saved_crashes", "unique_crashes" -> crashCol = i;
            case "edges_found" -> edgesCol = i;
            default -> { }
          }
        }
        if (epsCol < 0) {
          warnings.add("plot_data header has no execs_per_sec column");
          return new PlotData(List.of(), warnings);
        }
        continue;
      }
      Row f = row.cut(l);
      try {
        long t = f.number(timeCol);
        double eps = Double.parseDouble(f.text(epsCol));
        Long total = totalCol >= 0 && totalCol < f.length() ? f.number(totalCol) : null;
        if (unixTime) {
          if (first == Long.MIN_VALUE) {
            first = t;
          }
          t -= first;
        }
        points.add(new PlotPoint(t, eps, total, count(f, corpusCol), count(f, crashCol),
            percent(f, mapCol), count(f, edgesCol)));
      } catch (RuntimeException e) {
        bad++;
      }
    }
    if (bad > 0) {
      warnings.add(bad + " plot_data row(s) unreadable, skipped");
    }
    return new PlotData(List.copyOf(points), List.copyOf(warnings));
  }

  /** A whole-number column, or null when the row has none there or it is not a number. */
  private static Long count(Row f, int col) {
    if (col < 0 || col >= f.length()) {
      return null;
    }
    try {
      return f.number(col);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A percentage column ({@code 41.67%}), or null. */
  private static Double percent(Row f, int col) {
    if (col < 0 || col >= f.length()) {
      return null;
    }
    String v = f.text(col);
    if (v.endsWith("%")) {
      v = v.substring(0, v.length() - 1).strip();
    }
    try {
      double d = Double.parseDouble(v);
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * One row's fields where {@code split(",")} would cut them (trailing empty fields dropped),
   * kept as bounds in the line: numbers are read in place, without a string per field (the
   * exporter parses every instance's plot_data tail at each refresh). Reused row after row.
   */
  private static final class Row {
    private String line;
    private int n;
    private int[] from = new int[16];
    private int[] to = new int[16];

    Row cut(String l) {
      line = l;
      n = 0;
      int start = 0;
      while (true) {
        int comma = l.indexOf(',', start);
        int end = comma < 0 ? l.length() : comma;
        if (n == from.length) {
          from = java.util.Arrays.copyOf(from, n * 2);
          to = java.util.Arrays.copyOf(to, n * 2);
        }
        from[n] = start;
        to[n] = end;
        n++;
        if (comma < 0) {
          break;
        }
        start = comma + 1;
      }
      while (n > 0 && from[n - 1] == to[n - 1]) {
        n--;
      }
      return this;
    }

    int length() {
      return n;
    }

    /** Field {@code i}, stripped. */
    String text(int i) {
      check(i);
      return line.substring(from[i], to[i]).strip();
    }

    /** Field {@code i} as a whole number, read in place; NumberFormatException when not one. */
    long number(int i) {
      check(i);
      int a = from[i];
      int b = to[i];
      while (a < b && Character.isWhitespace(line.charAt(a))) {
        a++;
      }
      while (b > a && Character.isWhitespace(line.charAt(b - 1))) {
        b--;
      }
      return Long.parseLong(line, a, b, 10);
    }

    private void check(int i) {
      if (i < 0 || i >= n) {
        throw new ArrayIndexOutOfBoundsException(i);
      }
    }
  }
}
