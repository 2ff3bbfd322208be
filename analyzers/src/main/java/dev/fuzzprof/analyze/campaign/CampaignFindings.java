package dev.fuzzprof.analyze.campaign;

import dev.fuzzprof.analyze.Engine;
import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.FindingId;
import dev.fuzzprof.analyze.Severity;
import dev.fuzzprof.analyze.campaign.CampaignObservation.Instance;
import dev.fuzzprof.analyze.campaign.CampaignReport.Collision;
import dev.fuzzprof.analyze.campaign.CampaignReport.CpuSlot;
import dev.fuzzprof.analyze.campaign.CampaignReport.InstanceRow;
import dev.fuzzprof.parse.afl.AflArgs;
import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.Role;
import dev.fuzzprof.parse.sys.CpuTopology;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Step 4 of a campaign's analysis: what to change. Each finding's fix is written for the case it
 * fires in (a command that works for this campaign), not copied from the catalog. Pure.
 */
final class CampaignFindings {
  static final double KERNEL_HEAVY = 30;
  static final double LOW_STABILITY = 90;
  static final double BELOW_LINEAR = 0.8;

  private CampaignFindings() {}

  static List<Finding> of(CampaignReport r, CampaignObservation in, CpuTopology topo,
      List<String> notes) {
    List<Finding> out = new ArrayList<>();
    Map<String, InstanceRow> byName = CampaignAnalyzer.byName(r.instances());
    List<InstanceRow> live = r.instances().stream().filter(InstanceRow::alive).toList();
    boolean finished = live.isEmpty();
    collisions(r, byName, out);
    smt(r, topo, out);
    List<InstanceRow> neverRan = r.instances().stream()
        .filter(i -> i.status() == InstanceStatus.NEVER_RAN).toList();
    failedStart(r, in, neverRan, out);
    idleCores(r, in, out);
    oversubscribed(r, in, neverRan, out);
    kernelHeavy(r, in, out);
    efficiency(r, out);
    stopped(r, in, out);
    health(r, in, finished, out, notes);
    out.sort((a, b) -> a.severity().compareTo(b.severity()));
    return out;
  }

  private static void collisions(CampaignReport r, Map<String, InstanceRow> byName,
      List<Finding> out) {
    for (Collision c : r.collisions()) {
      String figs = c.instances().stream().map(n -> {
        InstanceRow i = byName.get(n);
        return n + (i.execsPerSec() == null ? "" : " " + fmt0(i.execsPerSec()) + " execs/s")
            + (i.cpuPercent() == null ? "" : " at " + fmt0(i.cpuPercent()) + "% CPU");
      }).collect(Collectors.joining(", "));
      String core = r.perCore().stream().filter(u -> u.cpu() == c.cpu()).findFirst()
          .map(u -> "; CPU " + c.cpu() + " " + fmt0(u.userPercent()) + "% user, "
              + fmt0(u.systemPercent()) + "% system").orElse("");
      List<Integer> free = r.cpuMap().stream()
          .filter(s -> s.instances().isEmpty() && !s.busy()).map(CpuSlot::cpu).toList();
      String move = c.instances().get(c.instances().size() - 1);
      InstanceRow mv = byName.get(move);
      String fix = free.isEmpty()
          ? "Every CPU is taken: run fewer instances than CPUs, one per CPU (stop " + move
              + ", or give it a CPU of its own on a bigger box)."
          : "Move " + move + " to a free CPU: taskset -cp " + free.get(0) + " "
              + (mv.pid() == null ? "PID" : mv.pid()) + " (then every instance has a CPU of"
              + " its own; for new starts, AFL_NO_AFFINITY=1 taskset -c N afl-fuzz ... or"
              + " afl-fuzz -b N)";
      out.add(Finding.of(FindingId.AFFINITY_COLLISION, Severity.HIGH, "CPU " + c.cpu() + " runs "
          + c.instances().size() + " busy instances bound to it alone (" + figs + ")" + core
          + ": they take turns on one CPU.", fix));
    }
  }

  private static void smt(CampaignReport r, CpuTopology topo, List<Finding> out) {
    Set<String> seen = new LinkedHashSet<>();
    for (CpuTopology.Cpu c : topo.cpus()) {
      if (c.siblings().size() < 2) {
        continue;
      }
      List<Integer> used = c.siblings().stream().filter(s -> r.cpuMap().stream()
          .anyMatch(m -> m.cpu() == s && m.busy() && !m.instances().isEmpty())).toList();
      if (used.size() > 1 && seen.add(used.toString())) {
        out.add(Finding.of(FindingId.SMT_CONTENTION, Severity.MEDIUM, "CPUs " + join(used)
            + " are hyperthreads of one core (core " + c.coreId() + ") and each runs a busy"
            + " instance: they share one core's execution units."));
      }
    }
  }

  /** Whether an instance was left to AFL++'s own CPU binding. */
  static boolean defaultAffinity(Instance i) {
    boolean noAffinity = i.setup() != null && i.setup().environment().containsKey(
        "AFL_NO_AFFINITY");
    return !noAffinity && i.args().boundCpu() == null;
  }

  private static void failedStart(CampaignReport r, CampaignObservation in,
      List<InstanceRow> neverRan, List<Finding> out) {
    if (neverRan.isEmpty()) {
      return;
    }
    Set<Integer> taken = new HashSet<>();
    r.instances().stream().filter(i -> i.alive() && i.cpus().size() == 1)
        .forEach(i -> taken.add(i.cpus().get(0)));
    boolean full = !r.cpusOnline().isEmpty() && taken.containsAll(r.cpusOnline());
    for (InstanceRow row : neverRan) {
      Instance i = in.instances().stream().filter(x -> x.name().equals(row.name())).findFirst()
          .orElseThrow();
      AflArgs a = i.args();
      String msg;
      String fix;
      if (full && (i.setup() == null || defaultAffinity(i))) {
        msg = row.name() + " never wrote fuzzer_stats and no afl-fuzz runs for it: most likely"
            + " AFL++ aborted with 'No more free CPU cores', since every online CPU ("
            + join(r.cpusOnline()) + ") is already taken by an instance bound to it alone.";
        fix = "Run at most one instance per CPU: stop one first or use a bigger box; to place it"
            + " yourself, AFL_NO_AFFINITY=1 taskset -c N afl-fuzz ... on a CPU that is free.";
      } else if ("-".equals(a.inputDir())) {
        msg = row.name() + " never wrote fuzzer_stats and no afl-fuzz runs for it: it was"
            + " started with -i- (resume), which aborts with 'Resume attempted but old output"
            + " directory not found' for a new name.";
        fix = "Start a new instance with a real input directory: afl-fuzz -i IN_DIR -o OUT -S "
            + row.name() + " -- TARGET (-i- only resumes an instance that already ran).";
      } else {
        msg = row.name() + " never wrote fuzzer_stats and no afl-fuzz runs for it: it aborted at"
            + " start (the usual causes: no free CPU core under AFL++'s default affinity, a"
            + " resume with -i- of a folder that never ran, a missing target or input).";
        fix = FindingId.FAILED_START.fix();
      }
      out.add(Finding.of(FindingId.FAILED_START, Severity.HIGH, msg, fix));
    }
  }

  private static void idleCores(CampaignReport r, CampaignObservation in, List<Finding> out) {
    if (r.perCore().isEmpty() || r.alive() == 0) {
      return;
    }
    List<CpuSlot> free = r.cpuMap().stream().filter(s -> !s.busy() && s.instances().isEmpty())
        .toList();
    if (free.isEmpty()) {
      return;
    }
    String fig = r.perCore().stream().filter(u -> free.stream().anyMatch(f -> f.cpu() == u.cpu()))
        .map(u -> "CPU " + u.cpu() + " " + fmt0(u.idlePercent()) + "% idle")
        .collect(Collectors.joining(", "));
    // a working command: a new name, a real input directory (-i- only resumes), this -o
    Instance model = in.instances().stream().filter(i -> i.process()
        == CampaignObservation.Process.LIVE).findFirst().orElse(null);
    String fix;
    long jobs = in.instances().stream().filter(i -> i.engine() == Engine.LIBFUZZER
        && i.process() == CampaignObservation.Process.LIVE).count();
    if (jobs > 0) {
      // libFuzzer's -jobs=N runs at most -workers jobs at once, and -workers defaults to half
      // the cores: the usual cause of idle cores in a -jobs campaign
      fix = jobs + " libFuzzer job(s) run for " + r.cpusOnline().size() + " online CPUs:"
          + " -jobs=N runs at most -workers=M jobs at a time, and -workers defaults to half the"
          + " cores; run with -workers=" + r.cpusOnline().size() + " (and -jobs at least that),"
          + " or start more fuzzers on the idle CPUs (taskset -c " + free.get(0).cpu() + " ...).";
    } else if (model == null || model.args().outDir() == null) {
      fix = FindingId.IDLE_CORES.fix();
    } else {
      AflArgs a = model.args();
      Set<String> names = new HashSet<>();
      in.instances().forEach(i -> names.add(i.name()));
      int n = 1;
      while (names.contains("s" + n)) {
        n++;
      }
      String input = a.inputDir() == null || a.inputDir().equals("-") ? "IN_DIR" : a.inputDir();
      String out0 = outDirOf(model);
      fix = "Start one more instance per idle CPU, each with a new name: AFL_NO_AFFINITY=1"
          + " taskset -c " + free.get(0).cpu() + " afl-fuzz -S s" + n + " -i " + input + " -o "
          + out0 + " -- " + (a.target().isEmpty() ? "TARGET" : String.join(" ", a.target()))
          + (r.collisions().isEmpty() ? "" : "; or move a collided instance there");
    }
    out.add(Finding.of(FindingId.IDLE_CORES, r.collisions().isEmpty() ? Severity.MEDIUM
        : Severity.HIGH, free.size() + " of " + r.cpusOnline().size() + " online CPUs are idle ("
        + fig + ")" + (r.collisions().isEmpty() ? "" : " while " + r.collisions().size()
            + " CPU(s) run several instances") + ".", fix));
  }

  /** The -o directory of an instance: its folder's parent (where fuzzprof found it). */
  private static String outDirOf(Instance i) {
    String d = i.dir();
    int slash = d.lastIndexOf('/');
    return slash > 0 ? d.substring(0, slash) : i.args().outDir();
  }

  private static void oversubscribed(CampaignReport r, CampaignObservation in,
      List<InstanceRow> neverRan, List<Finding> out) {
    int online = r.cpusOnline().size();
    long busy = r.instances().stream().filter(i -> i.alive() && i.busy()).count();
    long failedDefault = neverRan.stream().filter(n -> in.instances().stream()
        .anyMatch(i -> i.name().equals(n.name()) && (i.setup() == null || defaultAffinity(i))))
        .count();
    if (online > 0 && busy + failedDefault > online && busy + failedDefault > 1) {
      double meanWait = r.instances().stream().filter(i -> i.alive() && i.waitPercent() != null)
          .mapToDouble(InstanceRow::waitPercent).average().orElse(0);
      out.add(Finding.of(FindingId.OVERSUBSCRIBED, Severity.HIGH, (busy + failedDefault)
          + " instances want a CPU on " + online + " online CPUs (" + busy + " busy"
          + (failedDefault > 0 ? ", " + failedDefault + " that could not start under AFL++'s"
              + " default affinity" : "") + "); the live ones waited " + fmt0(meanWait)
          + "% of the window for a CPU on average."));
    }
  }

  private static void kernelHeavy(CampaignReport r, CampaignObservation in, List<Finding> out) {
    if (r.kernelPercent() == null || r.kernelPercent() <= KERNEL_HEAVY || r.busyCpus().isEmpty()) {
      return;
    }
    List<String> heavy = r.instances().stream()
        .filter(i -> i.alive() && i.kernelPercent() != null && i.kernelPercent() > KERNEL_HEAVY)
        .sorted((a, b) -> Double.compare(b.kernelPercent(), a.kernelPercent())).limit(5)
        .map(i -> i.name() + " " + fmt0(i.kernelPercent()) + "%").toList();
    boolean anyForkserver = false;
    boolean anyFile = false;
    for (Instance i : in.instances()) {
      if (i.process() != CampaignObservation.Process.LIVE) {
        continue;
      }
      String mode = i.stats() == null || i.stats().targetMode() == null ? ""
          : i.stats().targetMode();
      anyForkserver |= !mode.isEmpty() && !mode.contains("persistent");
      anyFile |= i.args().target().contains("@@");
    }
    String fix;
    if (anyForkserver) {
      fix = "Some targets run a new process per case (target_mode without 'persistent'): put the"
          + " harness body in while (__AFL_LOOP(10000)) { ... }; fuzzprof attach --pid PID shows"
          + " the syscalls per case.";
    } else if (anyFile) {
      fix = "The targets are persistent but read their input from a file (@@): use shared-memory"
          + " input (__AFL_FUZZ_TESTCASE_BUF); fuzzprof attach --pid PID shows the syscalls per"
          + " case.";
    } else {
      fix = "The targets already run persistent (__AFL_LOOP) with shared-memory input: the kernel"
          + " time is the per-case SIGSTOP/SIGCONT handshake and the target's own syscalls;"
          + " fuzzprof attach --pid PID or fuzzprof flame --pid PID shows which, and a larger"
          + " __AFL_LOOP count saves the process replacements.";
    }
    out.add(Finding.of(FindingId.KERNEL_HEAVY, r.kernelPercent() > 50 ? Severity.HIGH
        : Severity.MEDIUM, fmt0(r.kernelPercent()) + "% of all busy CPU time is in the kernel"
        + (heavy.isEmpty() ? "" : " (instances: " + String.join(", ", heavy) + ")")
        + ": time not spent running the target's code.", fix));
  }

  private static void efficiency(CampaignReport r, List<Finding> out) {
    Double e = r.scalingEfficiency();
    if (e == null || r.baseline() == null) {
      return;
    }
    int n = r.cumulativeInstances();
    String fig = n + " instances make " + fmt0(r.cumulativeExecsPerSec()) + " execs/s, "
        + fmt0(100 * e) + "% of " + n + " x " + fmt0(r.baseline().execsPerSec()) + " ("
        + r.baseline().source() + " baseline)";
    if (e > Scaling.SUSPECT) {
      String cause;
      boolean estimate = "estimate".equals(r.baseline().source());
      double fastest = r.instances().stream().filter(i -> i.execsPerSec() != null)
          .mapToDouble(InstanceRow::execsPerSec).max().orElse(0);
      if (estimate && fastest > r.baseline().execsPerSec() * Scaling.SUSPECT) {
        cause = "other instances run faster than the baseline instances: they fuzz another"
            + " build, other options, or the baseline instances were slowed";
      } else if (estimate) {
        cause = "the baseline instances were slowed while they were measured";
      } else {
        cause = "the given baseline is lower than one instance reaches alone now (another"
            + " target build, other options, or a slower box when it was measured)";
      }
      out.add(Finding.of(FindingId.EFFICIENCY_SUSPECT, Severity.LOW, fig + ": not superlinear"
          + " scaling, but a baseline too low; likely cause: " + cause + "."));
    } else if (n > 1 && e < BELOW_LINEAR) {
      List<String> first = new ArrayList<>();
      if (!r.collisions().isEmpty()) {
        first.add("the collisions");
      }
      if (r.kernelPercent() != null && r.kernelPercent() > KERNEL_HEAVY) {
        first.add("the kernel time");
      }
      String fix = (first.isEmpty() ? "" : "Fix " + String.join(" and ", first) + " above first,"
          + " then re-measure") + (first.isEmpty() ? "Compare" : "; compare")
          + " against a pinned single-instance run of the same target (--baseline-dir"
          + " OUT_OF_THAT_RUN); instances that sync a large queue or run -M's deterministic"
          + " stages are slower.";
      out.add(Finding.of(FindingId.SCALING_BELOW_LINEAR, e < 0.5 ? Severity.HIGH
          : Severity.MEDIUM, fig + ".", fix));
    }
  }

  private static void stopped(CampaignReport r, CampaignObservation in, List<Finding> out) {
    for (Instance i : in.instances()) {
      if (i.process() != CampaignObservation.Process.LIVE || in.seconds() <= 0
          || i.before().isEmpty() || i.after().isEmpty()) {
        continue;
      }
      TreeCpu t = CpuTime.tree(i.before(), i.after(), in.seconds(), in.hz());
      boolean fuzzerStopped = i.before().get(0).stopped() && i.after().get(0).stopped();
      if (t != null && (t.stopped() || fuzzerStopped)) {
        out.add(Finding.of(FindingId.STOPPED, Severity.HIGH, i.name() + "'s afl-fuzz (pid "
            + i.pid() + ") stayed stopped (State T) through the sample: it fuzzes nothing.",
            "Resume it: kill -CONT " + i.pid() + " (it was stopped by Ctrl-Z, kill -STOP or a"
                + " debugger)."));
      }
    }
  }

  private static void health(CampaignReport r, CampaignObservation in, boolean finished,
      List<Finding> out, List<String> notes) {
    List<InstanceRow> dead = r.instances().stream().filter(i -> i.status() == InstanceStatus.DEAD)
        .toList();
    if (!dead.isEmpty()) {
      String named = dead.stream().limit(10).map(i -> i.name() + (i.pid() == null ? ""
          : " (pid " + i.pid() + ")")).collect(Collectors.joining(", "))
          + (dead.size() > 10 ? " and " + (dead.size() - 10) + " more" : "");
      InstanceRow first = dead.get(0);
      String flag = first.role() == Role.MAIN ? "-M" : first.role() == Role.SINGLE ? "" : "-S";
      Instance fi = in.instances().stream().filter(x -> x.name().equals(first.name()))
          .findFirst().orElseThrow();
      String fix = first.engine() == Engine.LIBFUZZER
          ? "A libFuzzer job whose process is gone before its log says it ended was killed"
              + " (SIGKILL, the OOM killer: see dmesg, and rss in its log); run the fuzzer again"
              + " on the same corpus directory: it starts from the corpus it had."
          : "Restart it with the same name and output dir (its queue is kept): "
          + "AFL_AUTORESUME=1 afl-fuzz " + (flag.isEmpty() ? "" : flag + " " + first.name() + " ")
          + "-i " + (fi.args().inputDir() == null ? "IN_DIR" : fi.args().inputDir()) + " -o "
          + outDirOf(fi) + " -- " + (fi.args().target().isEmpty() ? "TARGET"
              : String.join(" ", fi.args().target()))
          + "; check its last lines of output for why it stopped.";
      out.add(Finding.of(FindingId.DEAD_INSTANCE, finished ? Severity.INFO : Severity.MEDIUM,
          (finished ? "No instance is running (a finished campaign): " : dead.size() + " of "
              + r.instances().size() + " instances are not running: ") + named + ".", fix));
    }
    for (Instance li : in.instances()) {
      if (li.log() != null && li.log().crash() != null) {
        notes.add(li.name() + " crashed: " + li.log().crash() + " (libFuzzer wrote the input"
            + " as crash-* beside its artifacts; -jobs starts the next job)");
      }
    }
    for (InstanceRow i : r.instances()) {
      FuzzerStats s = in.instances().stream().filter(x -> x.name().equals(i.name())).findFirst()
          .map(Instance::stats).orElse(null);
      if (i.status() == InstanceStatus.STALE) {
        out.add(Finding.of(FindingId.STALE_STATS, Severity.MEDIUM, i.name()
            + "'s fuzzer_stats was last written " + (in.now() - s.lastUpdate())
            + " s ago although afl-fuzz (pid " + i.pid() + ") is still there."));
      }
      if (i.status() == InstanceStatus.UNKNOWN) {
        notes.add(i.name() + ": fuzzer_pid " + i.pid() + " is not visible here, but its files"
            + " changed in the last " + InstanceFigures.FRESH_SECONDS + " s: it runs in another"
            + " PID namespace (a container) or on another host; its CPU is unknown");
      }
      if (i.stability() != null && i.stability() < LOW_STABILITY) {
        out.add(Finding.of(FindingId.LOW_STABILITY, i.stability() < 70 ? Severity.MEDIUM
            : Severity.LOW, i.name() + " has " + String.format(Locale.ROOT, "%.1f",
                i.stability()) + "% stability: some edges change from run to run on the same"
                + " input, which wastes cases and misleads the search."));
      }
      if (s != null && !s.warnings().isEmpty()) {
        notes.add(i.name() + ": fuzzer_stats: " + String.join("; ", s.warnings()));
      }
    }
    List<InstanceRow> secondaries = r.instances().stream()
        .filter(i -> (i.role() == Role.SECONDARY || i.role() == Role.JOB) && i.execsPerSec() != null
            && (finished || i.alive())).toList();
    if (secondaries.size() >= 3) {
      double med = CampaignAnalyzer.median(secondaries.stream().map(InstanceRow::execsPerSec)
          .toList());
      for (InstanceRow i : secondaries) {
        if (i.execsPerSec() < 0.5 * med) {
          out.add(Finding.of(FindingId.SLOW_INSTANCE, Severity.LOW, i.name() + " makes "
              + fmt0(i.execsPerSec()) + " execs/s, under half the median of the secondaries ("
              + fmt0(med) + ")" + (i.cpus().isEmpty() ? "" : "; runs on CPU " + join(i.cpus()))
              + "."));
        }
      }
    }
  }

  static String fmt0(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  /** CPUs in the kernel's list syntax ({@code 0-3,8}), as every report shows them. */
  static String join(List<Integer> cpus) {
    return dev.fuzzprof.parse.proc.CpuListParser.format(cpus);
  }
}
