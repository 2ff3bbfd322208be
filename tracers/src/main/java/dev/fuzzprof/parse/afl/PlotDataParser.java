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
      String[] f = l.split(",");
      try {
        long t = Long.parseLong(f[timeCol].strip());
        double eps = Double.parseDouble(f[epsCol].strip());
        Long total = totalCol >= 0 && totalCol < f.length ? Long.parseLong(f[totalCol].strip())
            : null;
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
  private static Long count(String[] f, int col) {
    if (col < 0 || col >= f.length) {
      return null;
    }
    try {
      return Long.parseLong(f[col].strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A percentage column ({@code 41.67%}), or null. */
  private static Double percent(String[] f, int col) {
    if (col < 0 || col >= f.length) {
      return null;
    }
    String v = f[col].strip();
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
}
