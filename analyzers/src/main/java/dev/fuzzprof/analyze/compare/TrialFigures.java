package dev.fuzzprof.analyze.compare;

import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.PlotPoint;
import java.util.List;
import java.util.TreeSet;

/**
 * What one trial says of a metric: its value at a moment (seconds since its first instance
 * started) or at its end, its length, its instance-seconds, its target and seeds. A sync dir's
 * edges and corpus are its best instance's (they share the queue); its execs and crashes are the
 * sum of its instances'. An instance that started late (AFL++ sync dirs often grow) counts from
 * its own start_time.
 */
public final class TrialFigures {
  /** AFL 2.5x's coverage map: 64 Ki entries; it writes coverage only as a share of it. */
  public static final int AFL2_MAP_SIZE = 65_536;

  private TrialFigures() {}

  /** The trial's length in seconds: its longest-running instance's end, or libFuzzer's Done. */
  public static Long length(Trial t) {
    if (t instanceof Trial.LibFuzzer lf) {
      // a worker that compare --run stopped has no "Done" line: how long it ran was measured
      return lf.log().seconds() != null || lf.cpu() == null ? lf.log().seconds()
          : Math.round(lf.cpu().wallSeconds());
    }
    Trial.Afl afl = (Trial.Afl) t;
    long start = firstStart(afl);
    Long max = null;
    for (Trial.Instance i : afl.instances()) {
      Long end = end(i);
      if (end != null) {
        long e = offset(i, start) + end;
        max = max == null ? e : Math.max(max, e);
      }
    }
    return max;
  }

  /**
   * The value at the trial's end: each instance's fuzzer_stats, else its last plot_data row; a
   * trial's edges measured by afl-showmap over its merged queue, when they were.
   */
  public static Long atEnd(Trial t, Metric m) {
    if (t instanceof Trial.LibFuzzer lf) {
      return switch (m) {
        case EDGES -> lf.log().cov();
        case CORPUS -> lf.log().corpus();
        case EXECS -> lf.log().totalRuns();
        case CRASHES -> (long) lf.log().crashes();
      };
    }
    if (m == Metric.EDGES && ((Trial.Afl) t).unionEdges() != null) {
      return ((Trial.Afl) t).unionEdges();
    }
    Long out = null;
    for (Trial.Instance i : ((Trial.Afl) t).instances()) {
      Long v = fromStats(i.stats(), m);
      if (v == null && i.plot() != null && !i.plot().points().isEmpty()) {
        List<PlotPoint> p = i.plot().points();
        v = fromRow(p.get(p.size() - 1), m);
      }
      out = combine(out, v, m);
    }
    return out;
  }

  /**
   * The value {@code seconds} after the trial started, from plot_data: each instance's last row
   * at or before then (its final value when it had ended by then); null when no instance has a
   * row by then, and always for a libFuzzer log (final values only).
   */
  public static Long at(Trial t, Metric m, long seconds) {
    if (!(t instanceof Trial.Afl afl)) {
      return null;
    }
    long start = firstStart(afl);
    Long out = null;
    for (Trial.Instance i : afl.instances()) {
      long local = seconds - offset(i, start);
      if (local < 0) {
        continue;
      }
      Long end = end(i);
      Long v = null;
      if (end != null && local >= end && i.stats() != null) {
        v = fromStats(i.stats(), m);
      }
      if (v == null && i.plot() != null) {
        for (PlotPoint p : i.plot().points()) {
          if (p.time() > local) {
            break;
          }
          Long r = fromRow(p, m);
          v = r != null ? r : v;
        }
      }
      out = combine(out, v, m);
    }
    return out;
  }

  /** Whether the trial has plot_data rows to draw a curve from. */
  public static boolean hasCurve(Trial t) {
    return t instanceof Trial.Afl afl && afl.instances().stream()
        .anyMatch(i -> i.plot() != null && !i.plot().points().isEmpty());
  }

  /**
   * The instance-seconds up to {@code seconds} (null: the end): each instance counted as one
   * CPU while it ran. An upper bound of the CPU it had: the files do not say whether instances
   * shared CPUs. Null for a libFuzzer log (its -jobs and -workers are not in it).
   */
  public static Double instanceSeconds(Trial t, Long seconds) {
    if (t instanceof Trial.LibFuzzer lf) {
      // one worker, one process: its instance-seconds are its wall time, when it was measured
      return lf.cpu() == null ? null : lf.cpu().wallSeconds();
    }
    Trial.Afl afl = (Trial.Afl) t;
    long start = firstStart(afl);
    double sum = 0;
    for (Trial.Instance i : afl.instances()) {
      Long end = end(i);
      if (end == null) {
        continue;
      }
      long ran = seconds == null ? end : Math.min(end, seconds - offset(i, start));
      sum += Math.max(0, ran);
    }
    return sum;
  }

  /** Instances of an AFL trial; for libFuzzer 1 when compare --run ran it, else null. */
  public static Integer instances(Trial t) {
    if (t instanceof Trial.LibFuzzer lf) {
      return lf.cpu() == null ? null : 1;
    }
    return ((Trial.Afl) t).instances().size();
  }

  /** The targets its instances fuzz (the program after {@code --}), sorted; empty if unknown. */
  public static TreeSet<String> targets(Trial t) {
    TreeSet<String> out = new TreeSet<>();
    if (t instanceof Trial.Afl afl) {
      for (Trial.Instance i : afl.instances()) {
        if (i.args() != null && !i.args().target().isEmpty()) {
          out.add(i.args().target().get(0));
        }
      }
    }
    return out;
  }

  /** The seed directories ({@code -i}) its instances started from, sorted; empty if unknown. */
  public static TreeSet<String> seeds(Trial t) {
    TreeSet<String> out = new TreeSet<>();
    if (t instanceof Trial.Afl afl) {
      for (Trial.Instance i : afl.instances()) {
        if (i.args() != null && i.args().inputDir() != null) {
          out.add(i.args().inputDir());
        }
      }
    }
    return out;
  }

  /** Whether the trial's edges come from AFL 2.5x's map_size percentage (no edges_found). */
  public static boolean edgesFromMapShare(Trial t) {
    if (!(t instanceof Trial.Afl afl)) {
      return false;
    }
    for (Trial.Instance i : afl.instances()) {
      if (i.stats() != null && i.stats().fields().containsKey("edges_found")) {
        return false;
      }
      if (i.plot() != null && i.plot().points().stream().anyMatch(p -> p.edgesFound() != null)) {
        return false;
      }
    }
    return true;
  }

  private static Long combine(Long acc, Long v, Metric m) {
    if (v == null) {
      return acc;
    }
    if (acc == null) {
      return v;
    }
    return m.shared() ? Math.max(acc, v) : acc + v;
  }

  private static Long fromStats(FuzzerStats s, Metric m) {
    if (s == null) {
      return null;
    }
    return switch (m) {
      case EDGES -> {
        Long e = number(s.fields().get("edges_found"));
        yield e != null ? e : s.bitmapCoverage() == null ? null : fromShare(s.bitmapCoverage());
      }
      case CORPUS -> s.corpusCount();
      case EXECS -> s.execsDone();
      case CRASHES -> s.savedCrashes();
    };
  }

  private static Long fromRow(PlotPoint p, Metric m) {
    return switch (m) {
      case EDGES -> p.edgesFound() != null ? p.edgesFound()
          : p.mapSizePercent() == null ? null : fromShare(p.mapSizePercent());
      case CORPUS -> p.corpusCount();
      case EXECS -> p.totalExecs();
      case CRASHES -> p.savedCrashes();
    };
  }

  /** AFL 2.5x: map_size is the share of its 64 Ki map with a bit set, i.e. edges (tuples). */
  static long fromShare(double percent) {
    return Math.round(percent * AFL2_MAP_SIZE / 100.0);
  }

  private static Long number(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Seconds the instance ran: run_time, else its last plot_data row. */
  private static Long end(Trial.Instance i) {
    if (i.stats() != null && i.stats().runTime() != null) {
      return i.stats().runTime();
    }
    if (i.plot() != null && !i.plot().points().isEmpty()) {
      return i.plot().points().get(i.plot().points().size() - 1).time();
    }
    return null;
  }

  private static long firstStart(Trial.Afl t) {
    long min = Long.MAX_VALUE;
    for (Trial.Instance i : t.instances()) {
      if (i.stats() != null && i.stats().startTime() != null) {
        min = Math.min(min, i.stats().startTime());
      }
    }
    return min;
  }

  private static long offset(Trial.Instance i, long firstStart) {
    return i.stats() == null || i.stats().startTime() == null || firstStart == Long.MAX_VALUE ? 0
        : i.stats().startTime() - firstStart;
  }
}
