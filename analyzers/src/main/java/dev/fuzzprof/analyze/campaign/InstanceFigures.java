package dev.fuzzprof.analyze.campaign;

import dev.fuzzprof.analyze.campaign.CampaignObservation.Instance;
import dev.fuzzprof.analyze.campaign.CampaignObservation.Process;
import dev.fuzzprof.analyze.campaign.CampaignReport.InstanceRow;
import dev.fuzzprof.analyze.Engine;
import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.libfuzzer.LibFuzzerLog;
import dev.fuzzprof.parse.afl.PlotPoint;
import dev.fuzzprof.parse.proc.ProcessMoment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Step 1 of a campaign's analysis: each instance's status, execs/s and CPU. Pure. */
final class InstanceFigures {
  /** fuzzer_stats not rewritten for this long while afl-fuzz lives: stale (AFL++: 60 s). */
  static final long STALE_SECONDS = 300;
  /** AFL++ 4.04c writes its first rates (fuzzer_stats, plot_data) at about 60 s. */
  static final long FIRST_RATES = 60;
  /** A folder whose files changed this recently is being written by someone. */
  static final long FRESH_SECONDS = 120;
  /** The newest plot_data row of a live instance is at most this old, else it is not used. */
  static final long PLOT_RECENT = 30;
  static final int PLOT_POINTS = 200;
  /** A kernel count over less than this is used only when nothing else is there. */
  static final double MIN_COUNTED = 1.0;

  private InstanceFigures() {}

  static InstanceRow row(Instance i, CampaignObservation in) {
    FuzzerStats s = i.stats();
    LibFuzzerLog log = i.log();
    InstanceStatus status = log != null ? libFuzzerStatus(i) : status(i, in.now());
    boolean alive = status.alive() && i.process() == Process.LIVE && !i.after().isEmpty();
    ExecsRate rate = log != null ? libFuzzerRate(i, alive)
        : alive ? liveRate(i, in.now()) : finishedRate(i);
    List<Integer> cpus = List.of();
    Integer lastCpu = null;
    TreeCpu cpu = null;
    if (alive) {
      Set<Integer> allowed = new TreeSet<>();
      for (ProcessMoment m : i.after()) {
        if (m.status() != null) {
          allowed.addAll(m.status().cpusAllowed());
        }
      }
      cpus = List.copyOf(allowed);
      lastCpu = i.after().get(0).stat().processor();
      cpu = CpuTime.tree(i.before(), i.after(), in.seconds(), in.hz());
    }
    boolean busy = cpu != null && Busy.instance(cpu.cpuPercent(), cpu.wantedPercent());
    List<PlotPoint> plot = i.plot() == null ? List.of()
        : downsample(ExecsRate.curve(i.plot().points(), startOffset(i, in)));
    if (log != null) {
      return new InstanceRow(i.name(), i.args().role(), i.pid(), alive, status,
          rate == null ? null : rate.execsPerSec(), rate == null ? null : rate.source(),
          rate == null ? null : rate.seconds(), log.runs(), log.doneSeconds(),
          log.crash() == null ? 0L : 1L, log.corpusUnits(), null, cpus, lastCpu,
          cpu == null ? null : cpu.cpuPercent(), cpu == null ? null : cpu.kernelPercent(),
          cpu == null || cpu.kernelPercent() == null ? null : "process",
          cpu == null ? null : cpu.waitPercent(), busy, false, plot, i.dir(), Engine.LIBFUZZER,
          new CampaignReport.Totals(log.totalRuns(), (long) log.crashes(), null, log.coverage(),
              null, null, alive ? CpuTime.cumulative(i.after(), in.hz()) : null),
          log.coverage(), log.features(), log.rssMb());
    }
    return new InstanceRow(i.name(), i.args().role(), i.pid(), alive, status,
        rate == null ? null : rate.execsPerSec(), rate == null ? null : rate.source(),
        rate == null ? null : rate.seconds(), s == null ? null : s.execsDone(),
        s == null ? null : s.runTime(), s == null ? null : s.savedCrashes(),
        s == null ? null : s.corpusCount(), s == null ? null : s.stability(), cpus, lastCpu,
        cpu == null ? null : cpu.cpuPercent(), cpu == null ? null : cpu.kernelPercent(),
        cpu == null || cpu.kernelPercent() == null ? null : "process",
        cpu == null ? null : cpu.waitPercent(), busy, false, plot, i.dir(), Engine.AFL,
        totals(i, alive, in.hz()), null, null, null);
  }

  /**
   * A libFuzzer job: running while a live process writes its log (and the log has not ended),
   * done once the log says it ended, dead when nobody writes an unfinished log.
   */
  static InstanceStatus libFuzzerStatus(Instance i) {
    LibFuzzerLog log = i.log();
    if (i.process() == Process.LIVE && !log.hasEnded()) {
      return log.runs() == null && log.seed() != null ? InstanceStatus.STARTING
          : InstanceStatus.RUNNING;
    }
    return log.hasEnded() ? InstanceStatus.DONE : InstanceStatus.DEAD;
  }

  /**
   * A libFuzzer job's rate: cases counted over the sample when there are (the same window as
   * the CPU figures), else its log's own exec/s (runs over seconds since the job started; a
   * finished job's Done line gives both exactly).
   */
  static ExecsRate libFuzzerRate(Instance i, boolean alive) {
    LibFuzzerLog log = i.log();
    ExecsRate fromLog = ExecsRate.fromLog(log);
    // a short uprobe window (top, for a fuzzer that writes no log) is all there is then
    if (alive && i.counted() != null && i.countedSeconds() != null
        && (i.countedSeconds() >= MIN_COUNTED || fromLog == null && i.countedSeconds() > 0)) {
      return ExecsRate.counted(i.counted(), i.countedSeconds());
    }
    return fromLog;

  }

  /** The instance's counters: the newest execution count AFL++ wrote, and its CPU so far. */
  static CampaignReport.Totals totals(Instance i, boolean alive, long hz) {
    FuzzerStats s = i.stats();
    Long execs = s == null ? null : s.execsDone();
    if (i.plot() != null && !i.plot().points().isEmpty()) {
      Long plotted = i.plot().points().get(i.plot().points().size() - 1).totalExecs();
      if (plotted != null && (execs == null || plotted > execs)) {
        execs = plotted;
      }
    }
    return new CampaignReport.Totals(execs, s == null ? null : s.savedCrashes(),
        s == null ? null : s.savedHangs(), s == null ? null : s.edgesFound(),
        s == null ? null : s.totalEdges(), s == null ? null : s.lastUpdate(),
        alive ? CpuTime.cumulative(i.after(), hz) : null);
  }

  /** Seconds from the campaign's first start_time to this instance's; 0 when unknown. */
  static long startOffset(Instance i, CampaignObservation in) {
    Long mine = i.stats() == null ? null : i.stats().startTime();
    if (mine == null || mine <= 0) {
      return 0;
    }
    long first = mine;
    for (Instance o : in.instances()) {
      Long t = o.stats() == null ? null : o.stats().startTime();
      if (t != null && t > 0) {
        first = Math.min(first, t);
      }
    }
    return mine - first;
  }

  static InstanceStatus status(Instance i, long now) {
    FuzzerStats s = i.stats();
    boolean fresh = s != null && s.lastUpdate() != null && s.lastUpdate() > 0
        && now - s.lastUpdate() <= FRESH_SECONDS;
    switch (i.process()) {
      case LIVE -> {
        if (s != null && s.lastUpdate() != null && s.lastUpdate() > 0
            && now - s.lastUpdate() > STALE_SECONDS) {
          return InstanceStatus.STALE;
        }
        boolean hasRate = s != null && s.runTime() != null && s.runTime() >= FIRST_RATES;
        return hasRate ? InstanceStatus.RUNNING : InstanceStatus.STARTING;
      }
      case NONE -> {
        return s == null ? InstanceStatus.NEVER_RAN : InstanceStatus.DEAD;
      }
      case GONE, REUSED -> {
        // a pid we cannot see, while the folder is still written: another PID namespace
        return fresh ? InstanceStatus.UNKNOWN : InstanceStatus.DEAD;
      }
      default -> {
        return InstanceStatus.DEAD;
      }
    }
  }

  /**
   * A live instance's rate: the cases counted in the kernel over the sample when there are (the
   * same window as the CPU figures, exact to the case, and the only figure in the first
   * minute); else execs_done between two writes of fuzzer_stats; else total_execs over recent
   * plot_data rows 10 s or more apart; else the lifetime average once AFL++ has run a minute.
   */
  static ExecsRate liveRate(Instance i, long now) {
    FuzzerStats s = i.stats();
    if (i.counted() != null && i.countedSeconds() != null && i.countedSeconds() >= MIN_COUNTED) {
      return ExecsRate.counted(i.counted(), i.countedSeconds());
    }
    ExecsRate stats = ExecsRate.betweenStats(i.earlierStats(), s);
    if (stats != null && s.lastUpdate() != null && now - s.lastUpdate() <= FRESH_SECONDS) {
      return stats;
    }
    ExecsRate plot = i.plot() == null ? null : ExecsRate.fromPlot(i.plot().points());
    if (plot != null && plotIsRecent(i, now)) {
      return plot;
    }
    if (i.counted() != null && i.countedSeconds() != null && i.countedSeconds() > 0) {
      return ExecsRate.counted(i.counted(), i.countedSeconds());
    }
    if (s != null && s.runTime() != null && s.runTime() >= FIRST_RATES) {
      return ExecsRate.lifetime(s);
    }
    return null;
  }

  private static boolean plotIsRecent(Instance i, long now) {
    FuzzerStats s = i.stats();
    List<PlotPoint> pts = i.plot().points();
    if (s == null || s.startTime() == null || s.startTime() <= 0 || pts.isEmpty()) {
      return true; // no clock to hold it against: trust the file
    }
    long age = now - s.startTime();
    return age - pts.get(pts.size() - 1).time() <= PLOT_RECENT;
  }

  /** A finished instance: its last plot_data rows, else execs_done over run_time. */
  static ExecsRate finishedRate(Instance i) {
    ExecsRate plot = i.plot() == null ? null : ExecsRate.fromPlot(i.plot().points());
    return plot != null ? plot : ExecsRate.lifetime(i.stats());
  }

  /** The same row with its kernel share from a better source ({@code cpu} or {@code perf}). */
  static InstanceRow withKernel(InstanceRow r, double kernelPercent, String source) {
    return new InstanceRow(r.name(), r.role(), r.pid(), r.alive(), r.status(), r.execsPerSec(),
        r.execsSource(), r.execsSeconds(), r.execsDone(), r.runTime(), r.savedCrashes(),
        r.corpusCount(), r.stability(), r.cpus(), r.lastCpu(), r.cpuPercent(),
        CpuTime.round1(kernelPercent), source, r.waitPercent(), r.busy(), r.collided(),
        r.execsOverTime(), r.dir(), r.engine(), r.totals(), r.coverage(), r.features(),
        r.rssMb());
  }

  static InstanceRow collided(InstanceRow r) {
    return new InstanceRow(r.name(), r.role(), r.pid(), r.alive(), r.status(), r.execsPerSec(),
        r.execsSource(), r.execsSeconds(), r.execsDone(), r.runTime(), r.savedCrashes(),
        r.corpusCount(), r.stability(), r.cpus(), r.lastCpu(), r.cpuPercent(), r.kernelPercent(),
        r.kernelSource(), r.waitPercent(), r.busy(), true, r.execsOverTime(), r.dir(),
        r.engine(), r.totals(), r.coverage(), r.features(), r.rssMb());
  }

  private static List<PlotPoint> downsample(List<PlotPoint> points) {
    if (points.size() <= PLOT_POINTS) {
      return points;
    }
    List<PlotPoint> out = new ArrayList<>(PLOT_POINTS);
    double step = (points.size() - 1) / (double) (PLOT_POINTS - 1);
    for (int k = 0; k < PLOT_POINTS; k++) {
      out.add(points.get((int) Math.round(k * step)));
    }
    return out;
  }
}
