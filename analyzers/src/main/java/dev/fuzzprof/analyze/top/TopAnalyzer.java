package dev.fuzzprof.analyze.top;

import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.PlotPoint;
import dev.fuzzprof.parse.proc.CpuTicks;
import dev.fuzzprof.parse.proc.PidStat;
import dev.fuzzprof.parse.proc.Schedstat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns two samples into a {@link TopFrame}. Pure: no files, no clock. */
public final class TopAnalyzer {
  /** A core doing less than this (user + kernel, percent) is idle. */
  static final double IDLE_CORE_PCT = 10.0;
  /**
   * An instance that used, or waited on a run queue for, at least this much of a core (percent)
   * counts in collisions.
   */
  static final double BUSY_INSTANCE_PCT = 20.0;

  private TopAnalyzer() {}

  public static TopFrame frame(TopSample earlier, TopSample later) {
    double seconds = Math.max(0, (later.nanos() - earlier.nanos()) / 1e9);
    List<CoreLoad> cores = cores(earlier, later);
    double ticksPerCore = ticksPerCore(earlier, later, cores.size(), seconds);

    Map<String, InstanceSample> before = new HashMap<>();
    for (InstanceSample i : earlier.instances()) {
      before.put(key(i), i);
    }
    List<InstanceRow> rows = new ArrayList<>();
    for (InstanceSample now : later.instances()) {
      rows.add(row(before.get(key(now)), now, ticksPerCore, seconds));
    }

    Map<Integer, List<String>> bySingleCpu = new TreeMap<>();
    for (InstanceRow r : rows) {
      if (r.running() && r.busy() && r.cpusAllowed().size() == 1) {
        bySingleCpu.computeIfAbsent(r.cpusAllowed().get(0), c -> new ArrayList<>()).add(r.name());
      }
    }
    List<Collision> collisions = new ArrayList<>();
    bySingleCpu.forEach((cpu, names) -> {
      if (names.size() >= 2) {
        collisions.add(new Collision(cpu, List.copyOf(names)));
      }
    });
    List<InstanceRow> marked = new ArrayList<>(rows.size());
    for (InstanceRow r : rows) {
      boolean collided = r.running() && r.busy() && r.cpusAllowed().size() == 1
          && bySingleCpu.get(r.cpusAllowed().get(0)).size() >= 2;
      marked.add(collided == r.collided() ? r : new InstanceRow(r.name(), r.pid(), r.role(),
          r.running(), r.execsPerSec(), r.cpuPct(), r.kernelPct(), r.cpusAllowed(), r.lastCpu(),
          r.runQueueWaitPct(), r.busy(), collided));
    }

    List<Integer> idle = cores.stream().filter(CoreLoad::idle).map(CoreLoad::cpu).toList();

    Double total = null;
    List<Double> rates = new ArrayList<>();
    List<Double> secondaryRates = new ArrayList<>();
    List<Double> aloneSecondaryRates = new ArrayList<>();
    for (InstanceRow r : marked) {
      if (r.execsPerSec() != null && r.running()) {
        total = (total == null ? 0 : total) + r.execsPerSec();
        rates.add(r.execsPerSec());
        if (r.role() == Role.SECONDARY) {
          secondaryRates.add(r.execsPerSec());
          if (!r.collided()) {
            aloneSecondaryRates.add(r.execsPerSec());
          }
        }
      }
    }
    Double efficiency = null;
    String note;
    if (rates.size() < 2) {
      note = "fewer than two running instances report execs/s";
    } else if (secondaryRates.isEmpty()) {
      note = "no -S instance reports execs/s";
    } else {
      // -S instances sharing a CPU run slower, and a slow baseline overstates the efficiency
      boolean alone = !aloneSecondaryRates.isEmpty();
      double median = median(alone ? aloneSecondaryRates : secondaryRates);
      if (median <= 0) {
        note = "the median -S instance runs 0 execs/s";
      } else {
        efficiency = total / (rates.size() * median);
        note = String.format(java.util.Locale.ROOT,
            "total / (%d instances x median -S %.0f execs/s%s)", rates.size(), median,
            alone ? "" : "; those -S collide, so this overstates it");
      }
    }
    List<String> notes = new ArrayList<>(later.notes());
    notes.addAll(later.stat().warnings());
    return new TopFrame(seconds, cores, List.copyOf(marked), List.copyOf(collisions), idle, total,
        efficiency, note, List.copyOf(notes));
  }

  private static String key(InstanceSample i) {
    return i.name() + "\0" + i.pid();
  }

  static List<CoreLoad> cores(TopSample earlier, TopSample later) {
    Map<Integer, CpuTicks> before = new HashMap<>();
    for (CpuTicks t : earlier.stat().perCpu()) {
      before.put(t.cpu(), t);
    }
    Map<Integer, CoreLoad> out = new LinkedHashMap<>();
    for (CpuTicks now : later.stat().perCpu()) {
      CpuTicks then = before.get(now.cpu());
      CpuTicks d = then == null ? null : now.minus(then);
      if (d == null || d.total() <= 0) {
        out.put(now.cpu(), new CoreLoad(now.cpu(), 0, 0, 100, true));
        continue;
      }
      double total = d.total();
      double user = 100.0 * Math.max(0, d.userAll()) / total;
      double kernel = 100.0 * Math.max(0, d.systemAll()) / total;
      double idle = 100.0 * Math.max(0, d.idleAll()) / total;
      out.put(now.cpu(), new CoreLoad(now.cpu(), user, kernel, idle,
          user + kernel < IDLE_CORE_PCT));
    }
    return List.copyOf(out.values());
  }

  /** How many clock ticks one core had in the interval: /proc/stat's own count, or 100 Hz. */
  private static double ticksPerCore(TopSample earlier, TopSample later, int cores,
      double seconds) {
    if (earlier.stat().all() != null && later.stat().all() != null && cores > 0) {
      long d = later.stat().all().total() - earlier.stat().all().total();
      if (d > 0) {
        return (double) d / cores;
      }
    }
    return seconds * 100;
  }

  private static InstanceRow row(InstanceSample then, InstanceSample now, double ticksPerCore,
      double seconds) {
    List<Integer> cpus = now.status() == null ? List.of() : now.status().cpusAllowed();
    int lastCpu = now.processes().isEmpty() || now.processes().get(0).stat() == null
        ? -1 : now.processes().get(0).stat().processor();
    Double execs = execsPerSec(then == null ? null : then.stats(), now.stats(),
        then == null ? null : then.lastPlot(), now.lastPlot());
    if (then == null || !now.running()) {
      return new InstanceRow(now.name(), now.pid(), now.role(), now.running(), execs, 0, null,
          cpus, lastCpu, null, false, false);
    }
    long user = treeTicks(now, true) - treeTicks(then, true);
    long sys = treeTicks(now, false) - treeTicks(then, false);
    user = Math.max(0, user);
    sys = Math.max(0, sys);
    double cpuPct = ticksPerCore <= 0 ? 0 : 100.0 * (user + sys) / ticksPerCore;
    Double kernelPct = user + sys == 0 ? null : 100.0 * sys / (user + sys);

    Map<Integer, Schedstat> schedBefore = new HashMap<>();
    for (ProcessSample p : then.processes()) {
      if (p.schedstat() != null) {
        schedBefore.put(p.pid(), p.schedstat());
      }
    }
    long run = 0;
    long wait = 0;
    for (ProcessSample p : now.processes()) {
      Schedstat b = schedBefore.get(p.pid());
      if (b != null && p.schedstat() != null) {
        Schedstat d = p.schedstat().minus(b);
        run += Math.max(0, d.runNanos());
        wait += Math.max(0, d.waitNanos());
      }
    }
    Double waitPct = run + wait == 0 ? null : 100.0 * wait / (run + wait);
    // busy: it ran, or wanted to (a collided instance gets little CPU because of the collision)
    double wantedPct = seconds <= 0 ? 0 : 100.0 * (run + wait) / 1e9 / seconds;
    boolean busy = cpuPct >= BUSY_INSTANCE_PCT || wantedPct >= BUSY_INSTANCE_PCT;
    return new InstanceRow(now.name(), now.pid(), now.role(), true, execs, cpuPct, kernelPct,
        cpus, lastCpu, waitPct, busy, false);
  }

  /**
   * User (or kernel) ticks of the live tree, counting each reaped child once: a live process's
   * own time plus what its reaped children left in its cutime/cstime. A child reaped during the
   * interval moves from the first term to its parent's second, so differences stay right.
   */
  private static long treeTicks(InstanceSample s, boolean user) {
    long sum = 0;
    for (ProcessSample p : s.processes()) {
      PidStat st = p.stat();
      if (st != null) {
        sum += user ? st.utime() + st.childUtime() : st.stime() + st.childStime();
      }
    }
    return sum;
  }

  /**
   * Execs/s, the freshest figure first: the rate between two different writes of fuzzer_stats
   * (AFL++ rewrites it about once a minute), else between two plot_data rows (every few
   * seconds), else the newest plot_data row's rate, else fuzzer_stats' last-minute rate, else its
   * average since the start.
   */
  static Double execsPerSec(FuzzerStats then, FuzzerStats now, PlotPoint thenPlot,
      PlotPoint nowPlot) {
    if (then != null && now != null && then.execsDone() != null && now.execsDone() != null
        && then.lastUpdate() != null && now.lastUpdate() != null
        && now.lastUpdate() > then.lastUpdate() && now.execsDone() >= then.execsDone()) {
      return (double) (now.execsDone() - then.execsDone()) / (now.lastUpdate() - then.lastUpdate());
    }
    if (thenPlot != null && nowPlot != null && thenPlot.totalExecs() != null
        && nowPlot.totalExecs() != null && nowPlot.time() > thenPlot.time()
        && nowPlot.totalExecs() >= thenPlot.totalExecs()) {
      return (double) (nowPlot.totalExecs() - thenPlot.totalExecs())
          / (nowPlot.time() - thenPlot.time());
    }
    if (nowPlot != null) {
      return nowPlot.execsPerSec();
    }
    if (now == null) {
      return null;
    }
    if (now.execsPsLastMin() != null && now.execsPsLastMin() > 0) {
      return now.execsPsLastMin();
    }
    return now.execsPerSec();
  }

  static double median(List<Double> xs) {
    List<Double> s = xs.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
