package dev.fuzzprof.service;

import dev.fuzzprof.acquire.afl.AflInstanceFiles;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.acquire.sys.SysCpu;
import dev.fuzzprof.analyze.scaling.ScalingInput;
import dev.fuzzprof.analyze.scaling.ScalingInput.Instance;
import dev.fuzzprof.analyze.scaling.ScalingInput.Task;
import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.FuzzerStatsParser;
import dev.fuzzprof.parse.afl.PlotData;
import dev.fuzzprof.parse.afl.PlotDataParser;
import dev.fuzzprof.parse.proc.PidStat;
import dev.fuzzprof.parse.proc.PidStatus;
import dev.fuzzprof.parse.proc.ProcStat;
import dev.fuzzprof.parse.sys.CpuTopology;
import dev.fuzzprof.problem.FuzzprofException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * acquire -> parse for a scaling report: the AFL files, then /proc twice with a pause between.
 * The two /proc readers are separate so that a snapshot can replay two recorded trees.
 */
final class CampaignSample {
  private CampaignSample() {}

  /** Waits between the two samples (live: sleeps; replay: nothing). */
  interface Pause {
    void pause();
  }

  /** What was read, and what could not be read (one line each). */
  record Result(ScalingInput input, List<String> problems) {}

  static Result take(String source, List<AflInstanceFiles> files, ProcFs first, ProcFs second,
      SysCpu sys, Pause pause, long now, ScalingInput.Baseline baseline) {
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    record Parsed(AflInstanceFiles files, FuzzerStats stats, PlotData plot, String cmd) {}
    List<Parsed> parsed = new ArrayList<>();
    for (AflInstanceFiles f : files) {
      FuzzerStats stats = f.fuzzerStats() == null ? null : FuzzerStatsParser.parse(f.fuzzerStats());
      PlotData plot = f.plotData() == null ? null : PlotDataParser.parse(f.plotData());
      if (stats == null) {
        problems.add(f.name() + ": no fuzzer_stats");
      } else if (stats.isEmpty()) {
        problems.add(f.name() + ": fuzzer_stats is empty");
        stats = null;
      } else if (!stats.warnings().isEmpty()) {
        problems.add(f.name() + ": fuzzer_stats: " + stats.warnings().get(0));
      } else if (stats.execsPerSec() == null && stats.execsDone() == null) {
        problems.add(f.name() + ": fuzzer_stats has no execs_per_sec or execs_done");
      }
      parsed.add(new Parsed(f, stats, plot, commandLine(stats, f)));
    }

    Optional<ProcStat> before = first.stat();
    double up0 = first.uptime().orElse(Double.NaN);
    Map<String, List<Task>> tasks0 = new HashMap<>();
    Map<String, String> deadNotes = new HashMap<>();
    for (Parsed p : parsed) {
      Integer pid = p.stats() == null ? null : p.stats().fuzzerPid();
      if (pid == null || pid <= 0) {
        continue;
      }
      Optional<PidStat> st = first.pidStat(pid);
      if (st.isEmpty()) {
        continue;
      }
      if (!isAflFuzz(first, pid, st.get())) {
        deadNotes.put(p.files().name(), "pid " + pid + " now belongs to '" + st.get().comm()
            + "', not afl-fuzz: the instance is dead and its pid was reused");
        continue;
      }
      tasks0.put(p.files().name(), tasks(first, pid));
    }
    Optional<ProcStat> after = Optional.empty();
    double up1 = Double.NaN;
    Map<String, List<Task>> tasks1 = new HashMap<>();
    if (!tasks0.isEmpty()) {
      pause.pause();
      after = second.stat();
      up1 = second.uptime().orElse(Double.NaN);
      for (Parsed p : parsed) {
        if (tasks0.containsKey(p.files().name())) {
          int pid = p.stats().fuzzerPid();
          List<Task> t = tasks(second, pid);
          if (!t.isEmpty() && t.get(0).stat().startTime()
              == tasks0.get(p.files().name()).get(0).stat().startTime()) {
            tasks1.put(p.files().name(), t);
          } else {
            deadNotes.put(p.files().name(), "afl-fuzz (pid " + pid + ") exited while sampling");
          }
        }
      }
      if (before.isEmpty() || after.isEmpty()) {
        notes.add("/proc/stat unreadable: per-CPU use unknown");
      }
    }
    double seconds = up1 - up0;
    boolean sampled = before.isPresent() && after.isPresent() && seconds > 0;
    CpuTopology topo = sys.topology().orElse(null);

    List<Instance> instances = new ArrayList<>();
    for (Parsed p : parsed) {
      String n = p.files().name();
      List<Task> t1 = tasks1.get(n);
      instances.add(new Instance(n, p.stats(), p.plot(), p.cmd(),
          t1 == null ? null : tasks0.get(n), t1, deadNotes.get(n)));
    }
    ScalingInput input = new ScalingInput(source, instances, topo,
        sampled ? before.get() : null, sampled ? after.get() : null,
        sampled ? seconds : 0, now, baseline, notes);
    return new Result(input, problems);
  }

  /** afl-fuzz's comm, or its argv[0] when comm was renamed. */
  private static boolean isAflFuzz(ProcFs proc, int pid, PidStat st) {
    if (st.comm().equals("afl-fuzz")) {
      return true;
    }
    List<String> argv = proc.cmdline(pid);
    return !argv.isEmpty() && (argv.get(0).endsWith("afl-fuzz") || argv.get(0).endsWith("afl-fuzz++"));
  }

  /** afl-fuzz, then its fork server and target (descendants), each with stat/status/schedstat. */
  private static List<Task> tasks(ProcFs proc, int pid) {
    List<Task> out = new ArrayList<>();
    List<Integer> pids = new ArrayList<>();
    pids.add(pid);
    pids.addAll(proc.descendants(pid));
    for (int p : pids) {
      Optional<PidStat> st = proc.pidStat(p);
      Optional<PidStatus> status = proc.pidStatus(p);
      if (st.isPresent() && status.isPresent()) {
        out.add(new Task(st.get(), status.get(), proc.schedstat(p).orElse(null)));
      } else if (p == pid) {
        return List.of();
      }
    }
    return out;
  }

  static String commandLine(FuzzerStats stats, AflInstanceFiles f) {
    if (stats != null && stats.commandLine() != null) {
      return stats.commandLine();
    }
    if (f.fuzzerSetup() != null) {
      String[] lines = f.fuzzerSetup().split("\n");
      for (int i = 0; i + 1 < lines.length; i++) {
        if (lines[i].startsWith("# command line")) {
          return lines[i + 1];
        }
      }
    }
    return null;
  }

  static ScalingInput.Baseline baselineOf(String dir, List<AflInstanceFiles> files) {
    if (files.size() != 1) {
      throw FuzzprofException.data("--baseline-dir " + dir + " holds " + files.size()
          + " instances; give the output of a single-instance run");
    }
    AflInstanceFiles f = files.get(0);
    FuzzerStats s = f.fuzzerStats() == null ? null : FuzzerStatsParser.parse(f.fuzzerStats());
    if (s == null || s.execsPerSec() == null || s.execsPerSec() <= 0) {
      throw FuzzprofException.data("--baseline-dir " + dir + ": no execs_per_sec in "
          + f.name() + "/fuzzer_stats");
    }
    return new ScalingInput.Baseline(s.execsPerSec(), "baseline-dir: " + f.dir()
        + " (a single instance, " + Math.round(s.execsPerSec()) + " execs/s over "
        + (s.runTime() == null ? "?" : s.runTime()) + " s)");
  }
}
