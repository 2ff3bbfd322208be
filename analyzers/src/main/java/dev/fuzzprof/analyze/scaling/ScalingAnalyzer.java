package dev.fuzzprof.analyze.scaling;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.Severity;
import dev.fuzzprof.analyze.scaling.ScalingInput.Instance;
import dev.fuzzprof.analyze.scaling.ScalingInput.Task;
import dev.fuzzprof.analyze.scaling.ScalingReport.BaselineUsed;
import dev.fuzzprof.analyze.scaling.ScalingReport.Collision;
import dev.fuzzprof.analyze.scaling.ScalingReport.CoreUse;
import dev.fuzzprof.analyze.scaling.ScalingReport.InstanceRow;
import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.PlotPoint;
import dev.fuzzprof.parse.proc.CpuTicks;
import dev.fuzzprof.parse.proc.ProcStat;
import dev.fuzzprof.parse.sys.CpuTopology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Computes a {@link ScalingReport} from an instance list and two /proc samples. Pure. */
public final class ScalingAnalyzer {
  /** A CPU more than this non-idle over the window is busy. */
  static final double BUSY = 0.5;
  /** fuzzer_stats not rewritten for this long while afl-fuzz lives: stale (AFL++: 60 s). */
  static final long STALE_SECONDS = 300;
  static final double KERNEL_HEAVY = 30;
  static final double LOW_STABILITY = 90;
  static final double BELOW_LINEAR = 0.8;
  static final int PLOT_POINTS = 200;

  private ScalingAnalyzer() {}

  public static ScalingReport analyze(ScalingInput in) {
    List<String> notes = new ArrayList<>(in.notes());
    List<Finding> findings = new ArrayList<>();
    boolean sampled = in.before() != null && in.after() != null && in.sampleSeconds() > 0;
    double hz = sampled ? ticksPerSecond(in.before(), in.after(), in.sampleSeconds()) : 100;

    // instances
    List<InstanceRow> rows = new ArrayList<>();
    for (Instance i : in.instances()) {
      rows.add(row(i, in, hz));
    }
    int alive = (int) rows.stream().filter(InstanceRow::alive).count();
    int stale = (int) rows.stream().filter(r -> r.status().equals("stale")).count();
    int dead = (int) rows.stream().filter(r -> r.status().equals("dead")).count();
    boolean finished = alive == 0;
    List<InstanceRow> counted = rows.stream()
        .filter(r -> (finished || r.alive()) && r.execsPerSec() != null).toList();
    double cumulative = counted.stream().mapToDouble(InstanceRow::execsPerSec).sum();
    long unmeasured = rows.stream().filter(r -> r.alive() && r.execsPerSec() == null).count();
    if (unmeasured > 0) {
      notes.add(unmeasured + " live instance(s) have no execs/s yet: AFL++ rewrites fuzzer_stats"
          + " every minute and plot_data every few seconds; report again later");
    }
    String countedText = finished
        ? "all " + counted.size() + " instances with stats (none is running: their last figures)"
        : counted.size() + " live instances (dead ones excluded, like afl-whatsup)";

    // CPUs
    CpuTopology topo = in.topology();
    if (topo == null) {
      List<Integer> online = in.after() != null
          ? in.after().perCpu().stream().map(CpuTicks::cpu).toList() : List.of();
      topo = CpuTopology.flat(online);
      notes.add("CPU topology unreadable (/sys/devices/system/cpu): SMT siblings unknown");
    }
    Map<Integer, List<String>> pinned = new TreeMap<>();
    for (InstanceRow r : rows) {
      if (r.alive() && r.cpus().size() == 1) {
        pinned.computeIfAbsent(r.cpus().get(0), k -> new ArrayList<>()).add(r.name());
      }
    }
    List<CoreUse> perCore = new ArrayList<>();
    List<Integer> busy = new ArrayList<>();
    List<Integer> idle = new ArrayList<>();
    Double kernelPercent = null;
    if (sampled) {
      Map<Integer, CpuTicks> before = new HashMap<>();
      in.before().perCpu().forEach(t -> before.put(t.cpu(), t));
      long sys = 0;
      long nonIdle = 0;
      for (CpuTicks a : in.after().perCpu()) {
        CpuTicks b = before.get(a.cpu());
        if (b == null) {
          continue;
        }
        CpuTicks d = a.minus(b);
        double total = Math.max(1, d.total());
        boolean isBusy = (d.total() - d.idleAll()) / total > BUSY;
        (isBusy ? busy : idle).add(a.cpu());
        sys += d.systemAll();
        nonIdle += d.total() - d.idleAll();
        List<Integer> sib = topo.cpu(a.cpu()).map(CpuTopology.Cpu::siblings)
            .orElse(List.of(a.cpu()));
        perCore.add(new CoreUse(a.cpu(), pct(d.userAll(), total), pct(d.systemAll(), total),
            pct(d.idleAll(), total), pct(d.steal(), total), isBusy,
            pinned.getOrDefault(a.cpu(), List.of()), sib));
      }
      kernelPercent = nonIdle == 0 ? null : round1(100.0 * sys / nonIdle);
    } else if (!finished) {
      notes.add("CPU use not sampled: per-core figures and busy/idle CPUs are unknown");
    } else {
      notes.add("no instance is running: CPU use and affinity cannot be seen; figures are the"
          + " instances' last fuzzer_stats");
    }

    // collisions
    List<Collision> collisions = new ArrayList<>();
    pinned.forEach((cpu, names) -> {
      if (names.size() > 1) {
        collisions.add(new Collision(cpu, List.copyOf(names)));
      }
    });
    Map<String, InstanceRow> byName = new HashMap<>();
    rows.forEach(r -> byName.put(r.name(), r));
    for (Collision c : collisions) {
      StringBuilder figs = new StringBuilder();
      for (String n : c.instances()) {
        InstanceRow r = byName.get(n);
        figs.append(figs.length() == 0 ? "" : ", ").append(n);
        if (r.execsPerSec() != null) {
          figs.append(' ').append(fmt0(r.execsPerSec())).append(" execs/s");
        }
        if (r.cpuPercent() != null) {
          figs.append(r.execsPerSec() == null ? " " : " at ").append(fmt0(r.cpuPercent()))
              .append("% CPU");
        }
      }
      String coreFig = perCore.stream().filter(u -> u.cpu() == c.cpu()).findFirst()
          .map(u -> "; CPU " + c.cpu() + " " + fmt0(u.userPercent()) + "% user, "
              + fmt0(u.systemPercent()) + "% system")
          .orElse("");
      findings.add(Finding.of(ScalingFindingId.AFFINITY_COLLISION, Severity.HIGH,
          "CPU " + c.cpu() + " runs " + c.instances().size() + " instances bound to it alone ("
              + figs + ")" + coreFig + ": they take turns on one CPU."));
    }

    // smt contention: busy pinned instances on sibling hyperthreads of one core
    Set<String> seenCores = new LinkedHashSet<>();
    for (CpuTopology.Cpu c : topo.cpus()) {
      if (c.siblings().size() < 2) {
        continue;
      }
      List<Integer> used = c.siblings().stream()
          .filter(s -> pinned.containsKey(s) && busy.contains(s)).toList();
      if (used.size() > 1 && seenCores.add(used.toString())) {
        List<String> who = used.stream().flatMap(s -> pinned.get(s).stream()).toList();
        findings.add(Finding.of(ScalingFindingId.SMT_CONTENTION, Severity.MEDIUM,
            "CPUs " + join(used) + " are hyperthreads of one core (core " + c.coreId()
                + ") and each runs a busy instance (" + String.join(", ", who)
                + "): they share one core's execution units."));
      }
    }

    // idle cores
    if (!finished && sampled && !idle.isEmpty()) {
      List<Integer> free = idle.stream().filter(c -> !pinned.containsKey(c)).toList();
      if (!free.isEmpty()) {
        String why = collisions.isEmpty() ? ""
            : " while " + collisions.size() + " CPU(s) run several instances";
        String idleFig = perCore.stream().filter(u -> free.contains(u.cpu()))
            .map(u -> "CPU " + u.cpu() + " " + fmt0(u.idlePercent()) + "% idle")
            .reduce((a, b) -> a + ", " + b).orElse("");
        findings.add(Finding.of(ScalingFindingId.IDLE_CORES,
            collisions.isEmpty() ? Severity.MEDIUM : Severity.HIGH,
            free.size() + " of " + topo.cpus().size() + " online CPUs are idle (" + idleFig + ")"
                + why + "."));
      }
    }

    // oversubscribed
    List<InstanceRow> live = rows.stream().filter(InstanceRow::alive).toList();
    long busyInstances = live.stream()
        .filter(r -> r.cpuPercent() == null || r.cpuPercent() > 10).count();
    double meanWait = live.stream().filter(r -> r.waitPercent() != null)
        .mapToDouble(InstanceRow::waitPercent).average().orElse(0);
    int online = topo.cpus().size();
    if (online > 0 && busyInstances > online) {
      findings.add(Finding.of(ScalingFindingId.OVERSUBSCRIBED, Severity.HIGH,
          busyInstances + " busy instances on " + online + " online CPUs; on average each"
              + " waited " + fmt0(meanWait) + "% of the window for a CPU (schedstat)."));
    }

    // kernel heavy
    if (kernelPercent != null && kernelPercent > KERNEL_HEAVY && !busy.isEmpty()) {
      List<String> heavy = live.stream()
          .filter(r -> r.kernelPercent() != null && r.kernelPercent() > KERNEL_HEAVY)
          .sorted((a, b) -> Double.compare(b.kernelPercent(), a.kernelPercent()))
          .limit(5).map(r -> r.name() + " " + fmt0(r.kernelPercent()) + "%").toList();
      findings.add(Finding.of(ScalingFindingId.KERNEL_HEAVY,
          kernelPercent > 50 ? Severity.HIGH : Severity.MEDIUM,
          fmt0(kernelPercent) + "% of all busy CPU time is in the kernel"
              + (heavy.isEmpty() ? "" : " (instances: " + String.join(", ", heavy) + ")")
              + ": time not spent running the target's code."));
    }

    // baseline and efficiency
    BaselineUsed baseline = baseline(in, rows, collisions);
    Double efficiency = null;
    if (baseline == null) {
      notes.add("no baseline for scaling efficiency: give --baseline EXECS or --baseline-dir"
          + " of a single-instance run (-S instances are needed for an estimate)");
    } else if (!counted.isEmpty() && baseline.execsPerSec() > 0) {
      efficiency = round3(cumulative / (baseline.execsPerSec() * counted.size()));
      if (counted.size() > 1 && efficiency < BELOW_LINEAR) {
        findings.add(Finding.of(ScalingFindingId.SCALING_BELOW_LINEAR,
            efficiency < 0.5 ? Severity.HIGH : Severity.MEDIUM,
            counted.size() + " instances make " + fmt0(cumulative) + " execs/s, "
                + fmt0(100 * efficiency) + "% of " + counted.size() + " x "
                + fmt0(baseline.execsPerSec()) + " (" + baseline.source() + " baseline)."));
      }
    }

    // dead, stale, unstable, slow
    List<InstanceRow> deadRows = rows.stream().filter(r -> r.status().equals("dead")).toList();
    if (!deadRows.isEmpty()) {
      List<String> named = deadRows.stream().limit(10).map(r -> r.name()
          + (r.pid() == null ? "" : " (pid " + r.pid() + ")")).toList();
      String more = deadRows.size() > 10 ? " and " + (deadRows.size() - 10) + " more" : "";
      findings.add(Finding.of(ScalingFindingId.DEAD_INSTANCE,
          finished ? Severity.INFO : Severity.MEDIUM,
          (finished ? "No instance is running (a finished campaign): " : deadRows.size()
              + " of " + rows.size() + " instances are not running: ")
              + String.join(", ", named) + more + "."));
    }
    for (InstanceRow r : rows) {
      if (r.status().equals("stale")) {
        Long last = statsOf(in, r.name()).lastUpdate();
        findings.add(Finding.of(ScalingFindingId.STALE_STATS, Severity.MEDIUM,
            r.name() + "'s fuzzer_stats was last written " + (in.now() - last) + " s ago"
                + (r.alive() ? " although afl-fuzz (pid " + r.pid() + ") is still there"
                    : " and its liveness is unknown") + "."));
      }
      if (r.stability() != null && r.stability() < LOW_STABILITY) {
        findings.add(Finding.of(ScalingFindingId.LOW_STABILITY,
            r.stability() < 70 ? Severity.MEDIUM : Severity.LOW,
            r.name() + " has " + fmt1(r.stability()) + "% stability: some edges change from run"
                + " to run on the same input, which wastes cases and misleads the search."));
      }
    }
    List<InstanceRow> others = counted.stream().filter(r -> !r.role().equals("main")).toList();
    if (others.size() >= 3) {
      double med = median(others.stream().map(InstanceRow::execsPerSec).toList());
      for (InstanceRow r : others) {
        if (r.execsPerSec() < 0.5 * med) {
          findings.add(Finding.of(ScalingFindingId.SLOW_INSTANCE, Severity.LOW,
              r.name() + " makes " + fmt0(r.execsPerSec()) + " execs/s, under half the median of"
                  + " the other secondaries (" + fmt0(med) + ")"
                  + (r.cpus().isEmpty() ? "" : "; runs on CPU " + join(r.cpus())) + "."));
        }
      }
    }
    for (InstanceRow r : rows) {
      FuzzerStats s = statsOf(in, r.name());
      if (s == null) {
        notes.add(r.name() + ": no fuzzer_stats (just started, or not an afl-fuzz folder)");
      } else if (!s.warnings().isEmpty()) {
        notes.add(r.name() + ": fuzzer_stats: " + String.join("; ", s.warnings()));
      }
    }
    for (Instance i : in.instances()) {
      if (i.note() != null) {
        notes.add(i.name() + ": " + i.note());
      }
    }

    findings.sort((a, b) -> a.severity().compareTo(b.severity()));
    return new ScalingReport(in.source(), List.copyOf(rows), alive, dead, stale,
        round1(cumulative), countedText, topo.online(), List.copyOf(busy), List.copyOf(idle),
        List.copyOf(collisions), List.copyOf(perCore), kernelPercent,
        sampled ? round3(in.sampleSeconds()) : null, baseline, efficiency, List.copyOf(findings),
        List.copyOf(notes));
  }

  private static FuzzerStats statsOf(ScalingInput in, String name) {
    return in.instances().stream().filter(i -> i.name().equals(name)).findFirst()
        .map(Instance::stats).orElse(null);
  }

  private static InstanceRow row(Instance i, ScalingInput in, double hz) {
    FuzzerStats s = i.stats();
    String role = role(i.commandLine());
    boolean alive = i.alive();
    Integer pid = s == null ? null : s.fuzzerPid();
    Double eps = execsPerSec(i);
    boolean staleStats = s != null && s.lastUpdate() != null && s.lastUpdate() > 0
        && in.now() - s.lastUpdate() > STALE_SECONDS && (alive || pid == null);
    String status = staleStats ? "stale" : alive ? "alive" : s == null ? "no-stats" : "dead";
    List<Integer> cpus = List.of();
    Integer lastCpu = null;
    Double cpuPct = null;
    Double kernelPct = null;
    Double waitPct = null;
    if (alive) {
      Set<Integer> allowed = new TreeSet<>();
      for (Task t : i.after()) {
        allowed.addAll(t.status().cpusAllowed());
      }
      cpus = List.copyOf(allowed);
      lastCpu = i.after().get(0).stat().processor();
      pid = i.after().get(0).stat().pid();
      if (in.sampleSeconds() > 0) {
        Map<Integer, Task> before = new HashMap<>();
        i.before().forEach(t -> before.put(t.stat().pid(), t));
        long ticks = 0;
        long sys = 0;
        long waitNs = 0;
        for (Task a : i.after()) {
          Task b = before.get(a.stat().pid());
          if (b == null || b.stat().startTime() != a.stat().startTime()) {
            continue;
          }
          long u = (a.stat().utime() + a.stat().childUtime())
              - (b.stat().utime() + b.stat().childUtime());
          long k = (a.stat().stime() + a.stat().childStime())
              - (b.stat().stime() + b.stat().childStime());
          ticks += u + k;
          sys += k;
          if (a.schedstat() != null && b.schedstat() != null) {
            waitNs += a.schedstat().minus(b.schedstat()).waitNanos();
          }
        }
        // a task that exited during the window (a persistent target restarting) was reaped
        // into its parent's child times with its whole life: take off the part before the window
        Map<Integer, Task> after = new HashMap<>();
        i.after().forEach(t -> after.put(t.stat().pid(), t));
        for (Task b : i.before()) {
          Task a = after.get(b.stat().pid());
          if (a == null || a.stat().startTime() != b.stat().startTime()) {
            long u = b.stat().utime() + b.stat().childUtime();
            long k = b.stat().stime() + b.stat().childStime();
            ticks -= u + k;
            sys -= k;
          }
        }
        ticks = Math.max(0, ticks);
        sys = Math.max(0, Math.min(sys, ticks));
        cpuPct = round1(100.0 * ticks / (hz * in.sampleSeconds()));
        kernelPct = ticks == 0 ? null : round1(100.0 * sys / ticks);
        waitPct = round1(100.0 * waitNs / (in.sampleSeconds() * 1e9));
      }
    }
    List<PlotPoint> plot = i.plot() == null ? List.of() : downsample(i.plot().points());
    return new InstanceRow(i.name(), role, pid, alive, status, eps,
        s == null ? null : s.execsDone(), s == null ? null : s.runTime(),
        s == null ? null : s.savedCrashes(), s == null ? null : s.corpusCount(),
        s == null ? null : s.stability(), cpus, lastCpu, cpuPct, kernelPct, waitPct, plot);
  }

  /**
   * fuzzer_stats' execs_per_sec (a lifetime average); the last plot_data row when it is newer
   * (fuzzer_stats is rewritten only every minute); null before anything was measured.
   */
  static Double execsPerSec(Instance i) {
    FuzzerStats s = i.stats();
    PlotPoint last = i.plot() == null || i.plot().points().isEmpty() ? null
        : i.plot().points().get(i.plot().points().size() - 1);
    boolean statsMeasured = s != null && s.execsPerSec() != null
        && (s.runTime() == null || s.runTime() > 0);
    if (last != null && (!statsMeasured || (s.runTime() != null && last.time() > s.runTime()))) {
      return round1(last.execsPerSec());
    }
    return statsMeasured ? round1(s.execsPerSec()) : null;
  }

  /** main (-M), secondary (-S), single (neither), unknown (no command line). */
  static String role(String commandLine) {
    if (commandLine == null || commandLine.isBlank()) {
      return "unknown";
    }
    String[] args = commandLine.replace("'", " ").trim().split("\\s+");
    for (String a : args) {
      if (a.equals("--")) {
        break;
      }
      if (a.equals("-M")) {
        return "main";
      }
      if (a.equals("-S")) {
        return "secondary";
      }
    }
    return "single";
  }

  private static BaselineUsed baseline(
      ScalingInput in, List<InstanceRow> rows, List<Collision> collisions) {
    if (in.baseline() != null) {
      return new BaselineUsed(in.baseline().execsPerSec(),
          in.baseline().source().startsWith("baseline-dir") ? "baseline-dir" : "given",
          in.baseline().source());
    }
    Set<String> collided = new LinkedHashSet<>();
    collisions.forEach(c -> collided.addAll(c.instances()));
    List<InstanceRow> secondaries = rows.stream()
        .filter(r -> r.role().equals("secondary") && r.execsPerSec() != null
            && r.execsPerSec() > 0)
        .toList();
    List<InstanceRow> alone = secondaries.stream()
        .filter(r -> r.alive() && !collided.contains(r.name())).toList();
    List<InstanceRow> pick = alone.isEmpty() ? secondaries : alone;
    if (pick.isEmpty()) {
      return null;
    }
    double med = median(pick.stream().map(InstanceRow::execsPerSec).toList());
    boolean allCollided = alone.isEmpty() && pick.stream().anyMatch(r -> collided.contains(r.name()));
    String which = pick == alone && !alone.isEmpty()
        ? "the median of " + pick.size() + " live -S instances that have a CPU to themselves"
        : "the median of " + pick.size() + " -S instances"
            + (allCollided ? ", which share CPUs with others, so the estimate is too low and the"
                + " efficiency too high" : "");
    return new BaselineUsed(round1(med), "estimate", "an estimate: " + which
        + " (the -M instance runs deterministic stages and is slower); measure a pinned single"
        + " instance and pass --baseline-dir for a real one");
  }

  static double ticksPerSecond(ProcStat before, ProcStat after, double seconds) {
    if (before.all() == null || after.all() == null || after.perCpu().isEmpty()) {
      return 100;
    }
    double perCpu = (after.all().total() - before.all().total())
        / (double) after.perCpu().size() / seconds;
    // USER_HZ is 100 on every mainstream Linux; snap to it unless clearly different
    return perCpu > 50 && perCpu < 200 ? 100 : Math.max(1, perCpu);
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

  static double median(List<Double> values) {
    List<Double> v = values.stream().sorted().toList();
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }

  private static double pct(long part, double total) {
    return round1(100.0 * part / total);
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static String fmt0(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String fmt1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String join(List<Integer> cpus) {
    return String.join(",", cpus.stream().map(String::valueOf).toList());
  }
}
