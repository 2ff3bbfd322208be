package dev.fuzzprof.analyze.campaign;

import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.PlotPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * An execs/s figure with where it came from and the interval it covers: always a counter's
 * difference over a known interval, never the instantaneous {@code execs_per_sec} column alone
 * (it swings from 14 to 6,465 between rows on a collided instance).
 *
 * @param seconds the interval the rate covers
 */
public record ExecsRate(double execsPerSec, ExecsSource source, double seconds) {
  /** plot_data rows must span at least this long: AFL++ writes one every 5 s. */
  public static final long MIN_PLOT_SPAN = 10;
  /**
   * The span preferred when the rows have it: relative_time is whole seconds and rows come
   * 5.0-5.2 s apart, so a 10 s span can be 10 % off; 30 s brings that to about 3 %.
   */
  public static final long PLOT_SPAN = 30;

  /** execs_done between two different writes of fuzzer_stats; null when there are not two. */
  public static ExecsRate betweenStats(FuzzerStats earlier, FuzzerStats later) {
    if (earlier == null || later == null || earlier.execsDone() == null
        || later.execsDone() == null || earlier.lastUpdate() == null
        || later.lastUpdate() == null || later.lastUpdate() <= earlier.lastUpdate()
        || later.execsDone() < earlier.execsDone()) {
      return null;
    }
    long dt = later.lastUpdate() - earlier.lastUpdate();
    return new ExecsRate(round1((later.execsDone() - earlier.execsDone()) / (double) dt),
        ExecsSource.FUZZER_STATS, dt);
  }

  /**
   * total_execs from the newest plot_data row back to the newest row at least
   * {@link #PLOT_SPAN} s older, or, when the rows do not reach that far, the oldest row at least
   * {@link #MIN_PLOT_SPAN} s older; null when they span less or carry no total_execs.
   */
  public static ExecsRate fromPlot(List<PlotPoint> points) {
    if (points == null || points.size() < 2) {
      return null;
    }
    PlotPoint last = points.get(points.size() - 1);
    if (last.totalExecs() == null) {
      return null;
    }
    PlotPoint from = null;
    for (int i = points.size() - 2; i >= 0; i--) {
      PlotPoint p = points.get(i);
      long span = last.time() - p.time();
      if (span >= MIN_PLOT_SPAN && p.totalExecs() != null) {
        from = p;
        if (span >= PLOT_SPAN) {
          break;
        }
      }
    }
    if (from == null || last.totalExecs() < from.totalExecs()) {
      return null;
    }
    long dt = last.time() - from.time();
    return new ExecsRate(round1((last.totalExecs() - from.totalExecs()) / (double) dt),
        ExecsSource.PLOT_DATA, dt);
  }

  /**
   * execs/s over time from plot_data's counters, for charts: at each row, total_execs since the
   * latest row at least {@code MIN_PLOT_SPAN} s before it, divided by the span (the same rule as
   * {@link #fromPlot}, never the instantaneous column), placed at the row's time plus
   * {@code offset} (the instance's start in campaign time). Rows without total_execs (AFL 2.5x)
   * fall back to their execs_per_sec column. A counter that goes back (a restart) starts over.
   */
  public static List<PlotPoint> curve(List<PlotPoint> points, long offset) {
    List<PlotPoint> out = new ArrayList<>();
    int from = 0;
    for (int k = 0; k < points.size(); k++) {
      PlotPoint p = points.get(k);
      if (p.totalExecs() == null) {
        out.add(new PlotPoint(p.time() + offset, p.execsPerSec(), null));
        continue;
      }
      while (from < k && (points.get(from).totalExecs() == null
          || points.get(from).totalExecs() > p.totalExecs())) {
        from++;
      }
      int best = -1;
      for (int j = from; j < k && p.time() - points.get(j).time() >= MIN_PLOT_SPAN; j++) {
        best = j;
      }
      if (best < 0) {
        continue;
      }
      PlotPoint q = points.get(best);
      double rate = (p.totalExecs() - q.totalExecs()) / (double) (p.time() - q.time());
      out.add(new PlotPoint(p.time() + offset, round1(rate), p.totalExecs()));
    }
    return out;
  }

  /**
   * A libFuzzer log's rate: {@code Done N runs in T second(s)} when the job ended (T is whole
   * seconds: N / T), else the last status line's exec/s (libFuzzer's runs since start over the
   * seconds since start), over runs / exec/s seconds. Null before libFuzzer has printed a rate.
   */
  public static ExecsRate fromLog(dev.fuzzprof.parse.libfuzzer.LibFuzzerLog log) {
    if (log == null) {
      return null;
    }
    if (log.doneRuns() != null && log.doneSeconds() != null && log.doneSeconds() > 0) {
      return new ExecsRate(round1(log.doneRuns() / (double) log.doneSeconds()),
          ExecsSource.LOG, log.doneSeconds());
    }
    if (log.execsPerSec() == null || log.execsPerSec() <= 0 || log.runs() == null) {
      return null;
    }
    return new ExecsRate(log.execsPerSec(), ExecsSource.LOG,
        round1(log.runs() / (double) log.execsPerSec()));
  }

  /** Cases counted over a window. */
  public static ExecsRate counted(long cases, double seconds) {
    return seconds <= 0 ? null : new ExecsRate(round1(cases / seconds), ExecsSource.COUNTED,
        round3(seconds));
  }

  /** execs_done over run_time: the lifetime average (a finished instance's last resort). */
  public static ExecsRate lifetime(FuzzerStats s) {
    if (s == null || s.execsDone() == null || s.runTime() == null || s.runTime() <= 0) {
      return null;
    }
    return new ExecsRate(round1(s.execsDone() / (double) s.runTime()), ExecsSource.FUZZER_STATS,
        s.runTime());
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
