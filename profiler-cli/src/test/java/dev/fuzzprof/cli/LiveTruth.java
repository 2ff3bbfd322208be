package dev.fuzzprof.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;

/**
 * Ground truth for the live tests, measured by the tests themselves from the kernel and AFL++'s
 * own files, with no fuzzprof code.
 *
 * <p>Cases are counted from the fork server's {@code syscw} in {@code /proc/FS/io}: AFL++ 4.04c's
 * fork server writes the child's pid and then its status to afl-fuzz, 4 bytes each, once per case,
 * in persistent and fork-server mode alike, and the libjpeg harness writes nothing (its reaped
 * children's counts would join the fork server's). Checked on this machine against AFL++'s own
 * counters (main and s1 shared memory on CPU 0, s2 fork server on CPU 1, 140 s): at exit
 * {@code syscw / 2} was execs_done + 1.5 for all three (1,169,036.5 vs 1,169,035; 1,233,857.5 vs
 * 1,233,856; 241,320.5 vs 241,319; the extra writes are the fork server's hello); between two
 * fuzzer_stats writes 60 s apart within 0.01-0.04 %; between consecutive plot_data rows (5 s)
 * within 0.5 % (0.9960-1.0042, the 25 ms it takes to notice a row). {@code
 * LiveCampaignTest#groundTruthForkServerCountsMatchAflCounters} checks it again on every run.
 */
final class LiveTruth {
  private LiveTruth() {}

  // ---------------------------------------------------------------- cases

  static long syscw(int pid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
        if (l.startsWith("syscw:")) {
          return Long.parseLong(l.substring(6).strip());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/io: " + e);
    }
    throw new IllegalStateException("no syscw in /proc/" + pid + "/io");
  }

  /** Cases the fork server of {@code name} ran in the next {@code seconds} (blocking). */
  static long forkServerCases(LiveCampaign c, String name, double seconds)
      throws InterruptedException {
    int fs = c.forkServerPid(name);
    long before = syscw(fs);
    Thread.sleep((long) (seconds * 1000));
    if (c.forkServerPid(name) != fs) {
      throw new IllegalStateException(name + "'s fork server changed during the window");
    }
    return (syscw(fs) - before) / 2;
  }

  // ---------------------------------------------------------------- AFL++'s files

  static List<String> plotHeader(String line) {
    List<String> names = new ArrayList<>();
    for (String s : line.replaceFirst("^#", "").split(",")) {
      names.add(s.strip());
    }
    return names;
  }

  static Map<String, Double> plotRow(List<String> header, String line) {
    Map<String, Double> row = new LinkedHashMap<>();
    String[] f = line.split(",");
    for (int i = 0; i < f.length && i < header.size(); i++) {
      String v = f[i].strip().replace("%", "");
      try {
        row.put(header.get(i), Double.parseDouble(v));
      } catch (NumberFormatException e) {
        // a column this test does not need
      }
    }
    return row;
  }

  /** plot_data's rows, columns named by its {@code #} header line. */
  static List<Map<String, Double>> plotRows(Path instanceDir) throws IOException {
    List<String> lines = Files.readAllLines(instanceDir.resolve("plot_data"));
    List<Map<String, Double>> rows = new ArrayList<>();
    List<String> header = null;
    for (String l : lines) {
      if (l.startsWith("#")) {
        header = plotHeader(l);
      } else if (header != null && !l.isBlank()) {
        rows.add(plotRow(header, l));
      }
    }
    return rows;
  }

  static Map<String, String> fuzzerStats(Path instanceDir) throws IOException {
    Map<String, String> s = new LinkedHashMap<>();
    for (String l : Files.readAllLines(instanceDir.resolve("fuzzer_stats"))) {
      int colon = l.indexOf(':');
      if (colon > 0) {
        s.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
      }
    }
    return s;
  }

  /**
   * A rate from plot_data: {@code total_execs} between the last row and the newest row at least
   * {@code minSpan} seconds before it. {@code perSec} uses the times the campaign's watcher saw
   * both rows appear when it did (good to ~25 ms), {@code perSecRelative} plot_data's own
   * relative_time (whole seconds).
   */
  record PlotRate(double perSec, double perSecRelative, double span, boolean exactTimes,
      double lastInstantColumn) {}

  static PlotRate plotRate(LiveCampaign c, String name, double minSpan) throws IOException {
    List<Map<String, Double>> rows = plotRows(c.instanceDir(name));
    if (rows.size() < 2) {
      return null;
    }
    int last = rows.size() - 1;
    Map<Integer, LiveCampaign.PlotSeen> seen = new LinkedHashMap<>();
    for (LiveCampaign.PlotSeen s : c.plotSeen(name)) {
      seen.put(s.index(), s);
    }
    boolean exact = seen.containsKey(last);
    for (int e = last - 1; e >= 0; e--) {
      double rel = rows.get(last).get("relative_time") - rows.get(e).get("relative_time");
      boolean pairExact = exact && seen.containsKey(e);
      double span = pairExact ? (seen.get(last).nanos() - seen.get(e).nanos()) / 1e9 : rel;
      if (span >= minSpan) {
        double execs = rows.get(last).get("total_execs") - rows.get(e).get("total_execs");
        return new PlotRate(execs / span, execs / rel, span, pairExact,
            rows.get(last).getOrDefault("execs_per_sec", Double.NaN));
      }
    }
    return null;
  }

  /** execs/s between the last two fuzzer_stats writes the watcher saw, or null. */
  static Double statsRate(LiveCampaign c, String name) {
    List<LiveCampaign.StatsSeen> w = c.statsSeen(name);
    if (w.size() < 2) {
      return null;
    }
    LiveCampaign.StatsSeen a = w.get(w.size() - 2);
    LiveCampaign.StatsSeen b = w.get(w.size() - 1);
    double execs = Long.parseLong(b.stats().get("execs_done"))
        - Long.parseLong(a.stats().get("execs_done"));
    return execs / ((b.nanos() - a.nanos()) / 1e9);
  }

  // ---------------------------------------------------------------- CPU

  /** One CPU's ticks from /proc/stat: user+nice, system+irq+softirq, idle+iowait, steal. */
  record CpuTicks(long user, long system, long idle, long steal) {
    long total() {
      return user + system + idle + steal;
    }

    CpuTicks minus(CpuTicks o) {
      return new CpuTicks(user - o.user, system - o.system, idle - o.idle, steal - o.steal);
    }

    double busyPercent() {
      return total() == 0 ? 0 : 100.0 * (user + system) / total();
    }

    double kernelPercent() {
      return user + system == 0 ? 0 : 100.0 * system / (user + system);
    }

    @Override
    public String toString() {
      return String.format("user %d system %d idle %d steal %d (busy %.1f%%, kernel %.1f%%)",
          user, system, idle, steal, busyPercent(), kernelPercent());
    }
  }

  static CpuTicks cpuTicks(int cpu) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/stat"))) {
        if (l.startsWith("cpu" + cpu + " ")) {
          String[] f = l.trim().split("\\s+");
          long[] v = new long[f.length - 1];
          for (int i = 1; i < f.length; i++) {
            v[i - 1] = Long.parseLong(f[i]);
          }
          return new CpuTicks(v[0] + v[1], v[2] + v[5] + v[6], v[3] + v[4], v[7]);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("no cpu" + cpu + " in /proc/stat");
  }

  /** CPU {@code cpu}'s ticks over the next {@code seconds} (blocking). */
  static CpuTicks cpuStat(int cpu, double seconds) throws InterruptedException {
    CpuTicks a = cpuTicks(cpu);
    Thread.sleep((long) (seconds * 1000));
    return cpuTicks(cpu).minus(a);
  }

  /** A cpuacct group's counters, per CPU, in ns: all time, and the user and system ticks. */
  record GroupCpu(long[] usage, long[] user, long[] system) {
    GroupCpu minus(GroupCpu o) {
      return new GroupCpu(sub(usage, o.usage), sub(user, o.user), sub(system, o.system));
    }

    long usageAll() {
      long s = 0;
      for (long u : usage) {
        s += u;
      }
      return s;
    }

    /** system / (user + system) over all CPUs, from the kernel's tick accounting of the group. */
    double kernelPercent() {
      long u = 0;
      long s = 0;
      for (int i = 0; i < user.length; i++) {
        u += user[i];
        s += system[i];
      }
      return u + s == 0 ? 0 : 100.0 * s / (u + s);
    }

    private static long[] sub(long[] a, long[] b) {
      long[] r = new long[a.length];
      for (int i = 0; i < a.length; i++) {
        r[i] = a[i] - b[i];
      }
      return r;
    }
  }

  static GroupCpu groupCpu(Path group) {
    try {
      return new GroupCpu(longs(group.resolve("cpuacct.usage_percpu")),
          longs(group.resolve("cpuacct.usage_percpu_user")),
          longs(group.resolve("cpuacct.usage_percpu_sys")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + group + ": " + e);
    }
  }

  private static long[] longs(Path p) throws IOException {
    String[] f = Files.readString(p).trim().split("\\s+");
    long[] v = new long[f.length];
    for (int i = 0; i < f.length; i++) {
      v[i] = Long.parseLong(f[i]);
    }
    return v;
  }

  // ---------------------------------------------------------------- a sampled window

  /**
   * Samples, every 50 ms until closed, each live instance's fork-server syscw, /proc/stat of
   * CPUs 0 and 1, and the instances' cpuacct groups: the truth over any sub-window of a command's
   * run, whose own window is somewhere inside the run.
   */
  static final class Sampler implements AutoCloseable {
    record Sample(long nanos, Map<String, Integer> fsPid, Map<String, Long> syscw,
        CpuTicks[] cpus, Map<String, GroupCpu> groups) {}

    private final LiveCampaign c;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean done;
    final long startNanos;
    long endNanos;

    Sampler(LiveCampaign c) {
      this.c = c;
      this.startNanos = System.nanoTime();
      sample();
      thread = new Thread(() -> {
        while (!done) {
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            return;
          }
          sample();
        }
      }, "live-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    private void sample() {
      Map<String, Integer> fs = new LinkedHashMap<>();
      Map<String, Long> w = new LinkedHashMap<>();
      Map<String, GroupCpu> g = new LinkedHashMap<>();
      for (String n : LiveCampaign.LIVE) {
        try {
          int pid = c.forkServerPid(n);
          long v = syscw(pid);
          fs.put(n, pid);
          w.put(n, v);
        } catch (RuntimeException e) {
          // stopped or replaced: no figure in this sample
        }
        if (c.cgroup(n) != null) {
          g.put(n, groupCpu(c.cgroup(n)));
          g.put(n + "/target", groupCpu(c.targetCgroup(n)));
        }
      }
      Sample s = new Sample(System.nanoTime(), fs, w,
          new CpuTicks[] {cpuTicks(0), cpuTicks(1)}, g);
      synchronized (samples) {
        samples.add(s);
      }
    }

    @Override
    public void close() throws InterruptedException {
      done = true;
      thread.join(2000);
      sample();
      endNanos = System.nanoTime();
    }

    double seconds() {
      return (endNanos - startNanos) / 1e9;
    }

    List<Sample> samples() {
      synchronized (samples) {
        return List.copyOf(samples);
      }
    }

    /** The whole run's value of a measure of two samples. */
    double whole(ToDoubleBiFunction<Sample, Sample> measure) {
      List<Sample> s = samples();
      return measure.applyAsDouble(s.get(0), s.get(s.size() - 1));
    }

    /**
     * Of the windows at least {@code seconds} long inside the run (start on any sample, end on
     * the first sample {@code seconds} later), the value nearest to {@code claimed}: the command's
     * own window is one of them, to 50 ms. NaN when the run is shorter than {@code seconds}.
     */
    double nearest(double seconds, double claimed, ToDoubleBiFunction<Sample, Sample> measure) {
      List<Sample> s = samples();
      double best = Double.NaN;
      long len = (long) (seconds * 1e9);
      for (int i = 0; i < s.size(); i++) {
        for (int j = i + 1; j < s.size(); j++) {
          if (s.get(j).nanos() - s.get(i).nanos() >= len) {
            double v = measure.applyAsDouble(s.get(i), s.get(j));
            if (!Double.isNaN(v) && (Double.isNaN(best)
                || Math.abs(v - claimed) < Math.abs(best - claimed))) {
              best = v;
            }
            break;
          }
        }
      }
      return best;
    }

    /** Cases per second of the instance between two samples (NaN if its fork server changed). */
    static ToDoubleBiFunction<Sample, Sample> caseRate(String name) {
      return (a, b) -> {
        Integer pa = a.fsPid().get(name);
        if (pa == null || !pa.equals(b.fsPid().get(name))) {
          return Double.NaN;
        }
        return (b.syscw().get(name) - a.syscw().get(name)) / 2.0
            / ((b.nanos() - a.nanos()) / 1e9);
      };
    }

    /** The group's CPU use between two samples, 100 = one CPU. */
    static ToDoubleBiFunction<Sample, Sample> groupPercent(String group) {
      return (a, b) -> 100.0 * b.groups().get(group).minus(a.groups().get(group)).usageAll()
          / (b.nanos() - a.nanos());
    }

    static ToDoubleBiFunction<Sample, Sample> groupKernelPercent(String group) {
      return (a, b) -> b.groups().get(group).minus(a.groups().get(group)).kernelPercent();
    }

    static ToDoubleBiFunction<Sample, Sample> cpuBusyPercent(int cpu) {
      return (a, b) -> b.cpus()[cpu].minus(a.cpus()[cpu]).busyPercent();
    }

    static ToDoubleBiFunction<Sample, Sample> cpuKernelPercent(int cpu) {
      return (a, b) -> b.cpus()[cpu].minus(a.cpus()[cpu]).kernelPercent();
    }

    CpuTicks cpuWhole(int cpu) {
      List<Sample> s = samples();
      return s.get(s.size() - 1).cpus()[cpu].minus(s.get(0).cpus()[cpu]);
    }
  }
}
