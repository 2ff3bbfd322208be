package dev.fuzzprof.service.attach;

import dev.fuzzprof.service.flame.FlameProfile;
import dev.fuzzprof.service.SystemFacts;

import dev.fuzzprof.acquire.afl.AflOutputDir;
import dev.fuzzprof.acquire.perf.CpuSampler;
import dev.fuzzprof.acquire.perf.PerfStatCounter;
import dev.fuzzprof.acquire.perf.PerfStatCounter.Event;
import dev.fuzzprof.acquire.proc.FuzzerProcesses;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.acquire.proc.ProcessRoles.Campaign;
import dev.fuzzprof.analyze.Mode;
import dev.fuzzprof.analyze.campaign.CpuTime;
import dev.fuzzprof.analyze.campaign.ExecsRate;
import dev.fuzzprof.analyze.campaign.KernelSplit;
import dev.fuzzprof.analyze.campaign.TreeCpu;
import dev.fuzzprof.analyze.attach.AttachReport;
import dev.fuzzprof.analyze.attach.LiveAnalyzer;
import dev.fuzzprof.analyze.attach.LiveMeasurements;
import dev.fuzzprof.analyze.attach.LiveMeasurements.ProcessSample;
import dev.fuzzprof.analyze.trace.TraceReport;
import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.FuzzerStatsParser;
import dev.fuzzprof.parse.afl.PlotDataParser;
import dev.fuzzprof.parse.perf.CpuSample;
import dev.fuzzprof.parse.perf.PerfStatCsvParser.PerfCount;
import dev.fuzzprof.parse.proc.PidStat;
import dev.fuzzprof.parse.proc.PidStatus;
import dev.fuzzprof.parse.proc.ProcStat;
import dev.fuzzprof.parse.proc.ProcessMoment;
import dev.fuzzprof.problem.FuzzprofException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code fuzzprof attach}, in steps a newcomer can name: find the target ({@link AttachTarget}),
 * count its cases for the whole window and its syscalls in a short sample while /proc is read
 * at both ends and its CPUs are sampled ({@link AttachEvents}), take a short strace sample
 * ({@link AttachStrace}), then hand what was read to {@link LiveAnalyzer}. Everything that can
 * fail falls back to what is still measurable and says what is missing.
 */
public final class LiveAttach {
  /**
   * Longest syscall sample, seconds, and its share of the duration. Syscall tracepoints cost a
   * persistent target 8-20% while they count (bench/attach-overhead.sh), so they count briefly:
   * 0.25 s of a 5 s attach, still some 10,000 cases at 50,000 cases/s.
   */
  static final double SYSCALL_SAMPLE = 0.5;

  static final double SYSCALL_SAMPLE_SHARE = 0.05;

  /**
   * How long the CPUs are sampled (perf record, 499 Hz, no stacks) for the user/kernel split:
   * 250 samples a CPU, enough for a share to a few points; a 2 s sample cost a persistent
   * target about 4 % more over a 5 s attach (bench/attach-overhead.sh, --no-trace 1.049x).
   */
  static final double CPU_SAMPLE = 0.5;

  /**
   * The strace pattern sample's limits by default: 150 cases, or 4% of the duration (0.2 s of
   * 5 s), whichever comes first. Traced, a persistent target runs 30-60x slower, so this window
   * is most of what the default attach costs; 150 cases are plenty for the per-case sequence.
   */
  public static final int WINDOW_CASES = 150;

  public static final double WINDOW_SHARE = 0.04;


  /** The window's length for an attach of {@code durationSeconds}: at least 0.1 s, at most 1 s. */
  public static double windowSeconds(double durationSeconds) {
    return Math.max(0.1, Math.min(1.0, durationSeconds * WINDOW_SHARE));
  }

  /**
   * What the user asked for.
   *
   * @param stacks after the count, profile the target for {@link #STACKS_SECONDS} s and add its
   *     hottest kernel paths
   */
  public record Options(int pid, double durationSeconds, boolean trace, int windowCases,
      double windowSeconds, boolean stacks, java.nio.file.Path log) {}

  /** The length of the {@code --stacks} profile. */
  public static final int STACKS_SECONDS = 2;

  /** How long Ctrl-C or SIGTERM waits for the partial report: past perf's own 20 s to stop. */
  static final int REPORT_WAIT_SECONDS = 25;

  private final ProcFs proc;
  private volatile boolean interrupted;

  public LiveAttach(ProcFs proc) {
    this.proc = proc;
  }


  /**
   * Attaches, measures and hands the report to {@code printer}. On Ctrl-C or SIGTERM the count
   * ends early and the JVM waits until the report is printed, up to {@link #REPORT_WAIT_SECONDS}
   * (perf may take seconds to close its filtered events on a loaded box, and the report needs
   * its counts; bench/kill-trials.sh saw 5 s fall short at load 15).
   */
  public static AttachResult run(Options o, java.util.function.Consumer<AttachResult> printer) {
    LiveAttach a = new LiveAttach(ProcFs.live());
    CountDownLatch done = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    // Ctrl-C / SIGTERM: end the count early, let the report be written, then exit
    Thread hook = new Thread(() -> {
      a.interrupted = true;
      main.interrupt();
      try {
        done.await(REPORT_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "fuzzprof-attach-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      AttachReport r = LibFuzzerAttach.applies(a.proc, o.pid())
          ? new LibFuzzerAttach(a.proc, () -> a.interrupted).attach(o) : a.attach(o);
      AttachResult result = (o.stacks() && !a.interrupted ? withStacks(r)
          : new AttachResult(r, null, null, null, null))
          .withObserverCost(a.proc, SystemFacts.userHz());
      printer.accept(result);
      return result;
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook is running
      }
    }
  }

  private static AttachResult withStacks(AttachReport r) {
    try {
      return new AttachResult(r,
          FlameProfile.topKernelPaths(r.pid(), Duration.ofSeconds(STACKS_SECONDS)), null, null,
          null);
    } catch (FuzzprofException e) {
      return new AttachResult(r, List.of(), e.getMessage(), null, null);
    }
  }

  /** What the counting step read: perf's counts, /proc at both ends, the CPU samples. */
  private record Counted(List<PerfCount> cases, List<PerfCount> sample, double seconds,
      double sampleSeconds, double procSeconds, ProcStat cpuStart, ProcStat cpuEnd,
      Map<Integer, ProcessMoment> before, Map<Integer, ProcessMoment> after,
      List<ProcessMoment> treeBefore, List<ProcessMoment> treeAfter, List<CpuSample> cpuSamples,
      boolean stoppedAtEveryLook) {}

  AttachReport attach(Options o) {
    AttachTarget t = AttachTarget.find(proc, o.pid());
    Campaign c = t.campaign();
    List<String> missing = new ArrayList<>();
    Map<Integer, ProcessMoment> othersBefore = othersSnapshot(c);
    Counted n = count(t, o, missing);
    Map<Integer, ProcessMoment> othersAfter = othersSnapshot(c);
    boolean gone = t.server() > 0 ? !proc.exists(t.server()) : !proc.exists(t.target())
        || proc.pidStat(t.target()).map(s -> s.state() == 'Z').orElse(true);
    if (gone) {
      missing.add("the target (pid " + t.treeRoot() + ") exited during the window: figures"
          + " cover the time it ran");
    }
    AttachEvents.Cases whole = AttachEvents.Cases.of(n.cases(), t, missing);
    List<Event> sampleEvents = AttachEvents.sampleEvents(c, t.servers(), t.target());
    AttachEvents.SampleCounts sample = AttachEvents.SampleCounts.of(n.sample(), sampleEvents,
        missing);
    Mode mode = whole.mode() != null ? whole.mode() : t.mode();
    Long cases = whole.cases();
    // stopped: in State T at every look AND no case ran; a persistent child waiting for its
    // SIGCONT is in State T at most looks on a busy box, and still runs its cases
    TreeCpu targetCpu = CpuTime.tree(n.treeBefore(), n.treeAfter(), n.procSeconds(),
        SystemFacts.userHz());
    boolean stopped = n.stoppedAtEveryLook() && (cases != null ? cases == 0
        : targetCpu == null || targetCpu.cpuPercent() < 1);
    if (cases != null && cases == 0 && mode == Mode.PLAIN) {
      cases = null;
    }
    if (cases != null && cases > 0 && mode == Mode.PLAIN) {
      mode = Mode.PERSISTENT;
    }

    AttachStrace window = null;
    if (o.trace() && !interrupted && !gone && !stopped) {
      window = AttachStrace.take(proc, t, mode.persistent(), o.windowCases(), o.windowSeconds(),
          missing);
    }
    if (interrupted) {
      missing.add("interrupted: counted for " + String.format(java.util.Locale.ROOT, "%.1f s",
          n.seconds()) + ", no pattern sample");
    }
    TraceReport trace = window == null ? null : window.report();
    mode = refinedMode(mode, trace, sample.perSyscall(), sample.cases(mode));

    List<ProcessSample> processes = new ArrayList<>();
    for (int p : c.pids()) {
      processes.add(sample(c.roleOf(p), p, n.before().get(p), n.after().get(p),
          mode == Mode.FORKSERVER && p == c.forkServer()));
    }
    List<ProcessSample> others = new ArrayList<>();
    othersBefore.forEach((p, s) -> {
      ProcessMoment e = othersAfter.get(p);
      if (e != null) {
        others.add(sample("other", p, s, e, false));
      }
    });
    String countedBy = n.cases() == null ? null : (t.server() > 0
        ? "perf stat, CPU-wide: the fork server's (pid " + t.server() + ") SIGCONTs and forks,"
            + " for the whole window"
        : "perf stat, CPU-wide: the target's self-stops, for the whole window")
        + "; syscalls in a short sample on CPUs " + t.cpus() + ", filtered on "
        + (t.server() > 0 ? "the target's command name, its fork servers "
            + (mode.processPerCase() ? "counted with their children" : "apart")
            : "the target's pid");
    LiveMeasurements m = new LiveMeasurements(o.pid(), mode, n.seconds(), n.procSeconds(),
        countedBy, cases, sample.cases(mode), n.sampleSeconds(), sample.syscalls(mode),
        sample.perSyscall(), processes, others, n.cpuStart(), n.cpuEnd(), trace,
        window == null ? null : window.seconds(), aflExecs(c), SystemFacts.userHz(), targetCpu,
        t.cpuList(), stopped, KernelSplit.kernelPercent(n.cpuSamples(),
            pidsOf(n.treeBefore(), n.treeAfter()), c.comm(), t.cpuList()), missing);
    return LiveAnalyzer.analyze(m);
  }

  /**
   * Step 2: perf counts the cases for the whole window (from its acknowledgement, so a slow
   * start on a loaded box does not shorten it) and the syscalls in a short sample at its start;
   * /proc is read when perf counts and at the end; the CPUs are sampled meanwhile. Without
   * perf (missing, not permitted: the pre-flight check says which setting) the window still
   * runs on /proc alone.
   */
  private Counted count(AttachTarget t, Options o, List<String> missing) {
    Campaign c = t.campaign();
    List<Integer> watched = new ArrayList<>(List.of(t.target()));
    if (c.fuzzer() > 0) {
      watched.add(c.fuzzer());
    }
    StopWatch stops = new StopWatch(proc, watched);
    Optional<String> noPerf = SystemFacts.whyNoPerf();
    noPerf.ifPresent(why -> missing.add("cases and syscalls not counted: " + why));
    List<PerfCount> caseCounts = null;
    List<PerfCount> sampleCounts = null;
    double sampleSeconds = Math.min(SYSCALL_SAMPLE, o.durationSeconds() * SYSCALL_SAMPLE_SHARE);
    double seconds = 0;
    PerfStatCounter casePerf = null;
    PerfStatCounter samplePerf = null;
    CpuSampler cpuSampler = null;
    List<CpuSample> cpuSamples = null;
    ProcStat cpuStart;
    Map<Integer, ProcessMoment> before;
    List<ProcessMoment> treeBefore;
    long t0;
    try {
      if (noPerf.isEmpty()) {
        try {
          casePerf = PerfStatCounter.start(AttachEvents.caseEvents(t),
              PerfStatCounter.Scope.ALL_FILTERED, null, o.durationSeconds() + 60);
          // what runs on the target's CPUs, user or kernel: the split for a target that
          // shares them (the utime/stime of short-lived fork-server children is not trusted)
          cpuSampler = CpuSampler.start(t.cpus(), Math.min(CPU_SAMPLE, o.durationSeconds()));
        } catch (FuzzprofException e) {
          missing.add((casePerf == null ? "cases not counted: " : "CPUs not sampled: ")
              + e.getMessage());
        }
      }
      cpuStart = proc.stat().orElse(null);
      before = snapshot(c.pids());
      treeBefore = proc.tree(t.treeRoot());
      t0 = System.nanoTime();
      if (casePerf != null) {
        try {
          samplePerf = PerfStatCounter.start(AttachEvents.sampleEvents(c, t.servers(),
              t.target()), PerfStatCounter.Scope.CPUS_FILTERED, t.cpus(),
              o.durationSeconds() + 60);
          sleepUntil(System.nanoTime() + (long) (sampleSeconds * 1e9), c, stops);
          sampleCounts = samplePerf.stop();
          sampleSeconds = samplePerf.seconds();
        } catch (FuzzprofException e) {
          missing.add("syscalls not counted: " + e.getMessage());
        }
      }
      sleepUntil(t0 + (long) (o.durationSeconds() * 1e9), c, stops);
      if (casePerf != null) {
        try {
          caseCounts = casePerf.stop();
          seconds = casePerf.seconds();
        } catch (FuzzprofException e) {
          missing.add("cases not counted: " + e.getMessage());
        }
      }
      if (cpuSampler != null) {
        try {
          cpuSamples = cpuSampler.finish();
        } catch (FuzzprofException e) {
          missing.add("CPUs not sampled: " + e.getMessage());
        }
      }
    } finally {
      for (PerfStatCounter p : new PerfStatCounter[] {samplePerf, casePerf}) {
        if (p != null) {
          p.close();
        }
      }
      if (cpuSampler != null) {
        cpuSampler.close();
      }
    }
    ProcStat cpuEnd = proc.stat().orElse(null);
    double procSeconds = (System.nanoTime() - t0) / 1e9;
    return new Counted(caseCounts, sampleCounts, seconds > 0 ? seconds : procSeconds,
        sampleSeconds, procSeconds, cpuStart, cpuEnd, before, snapshot(c.pids()), treeBefore,
        proc.tree(t.treeRoot()), cpuSamples, stops.alwaysStopped());
  }

  private static Set<Integer> pidsOf(List<ProcessMoment> a, List<ProcessMoment> b) {
    Set<Integer> out = new HashSet<>();
    a.forEach(m -> out.add(m.pid()));
    b.forEach(m -> out.add(m.pid()));
    return out;
  }


  /**
   * The mode the counts and the sample show: shared-memory input when a persistent target
   * reads nothing per case (the same rule as analyze), else what the processes showed.
   */
  static Mode refinedMode(Mode probed, TraceReport window, Map<String, Long> perSyscall,
      Long sampleCases) {
    if (window != null && window.cases() > 0 && window.mode() != Mode.UNKNOWN) {
      return window.mode();
    }
    if (probed.persistent() && sampleCases != null && sampleCases > 0) {
      long reads = perSyscall.getOrDefault("read", 0L) + perSyscall.getOrDefault("pread64", 0L);
      return reads / (double) sampleCases >= 0.5 ? Mode.PERSISTENT : Mode.SHMEM;
    }
    return probed;
  }


  /**
   * Watches whether the target and its afl-fuzz stay stopped: a stop that lasts the whole
   * window (Ctrl-Z, kill -STOP, a debugger), not the brief stops of the SIGSTOP handshake.
   */
  static final class StopWatch {
    private final ProcFs proc;
    private final List<Integer> pids;
    private int looks;
    private boolean everRunning;

    StopWatch(ProcFs proc, List<Integer> pids) {
      this.proc = proc;
      this.pids = pids;
    }

    void look() {
      looks++;
      boolean anyStopped = false;
      for (int p : pids) {
        Optional<PidStat> s = proc.pidStat(p);
        if (s.isPresent() && (s.get().state() == 'T' || s.get().state() == 't')) {
          anyStopped = true;
        }
      }
      if (!anyStopped) {
        everRunning = true;
      }
    }

    /** Stopped at every one of at least 5 looks. */
    boolean alwaysStopped() {
      return looks >= 5 && !everRunning;
    }
  }


  private void sleepUntil(long deadline, Campaign c, StopWatch stops) {
    while (!interrupted && System.nanoTime() < deadline) {
      stops.look();
      try {
        Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        if (interrupted) {
          return;
        }
      }
      int t = c.target() > 0 ? c.target() : c.given();
      if (!proc.exists(t) && (c.forkServer() <= 0 || !proc.exists(c.forkServer()))) {
        return; // the whole campaign is gone: stop early, report what was counted
      }
    }
    Thread.interrupted();
  }

  private Map<Integer, ProcessMoment> snapshot(List<Integer> pids) {
    Map<Integer, ProcessMoment> out = new HashMap<>();
    for (int p : pids) {
      proc.moment(p).ifPresent(m -> out.put(p, m));
    }
    return out;
  }


  /** Every other process (not the campaign, not fuzzprof and its tools): for shared-cpu. */
  private Map<Integer, ProcessMoment> othersSnapshot(Campaign c) {
    long self = ProcessHandle.current().pid();
    Map<Integer, ProcessMoment> out = new HashMap<>();
    for (int p : proc.pids()) {
      if (c.pids().contains(p) || p == self) {
        continue;
      }
      proc.pidStat(p).filter(s -> s.ppid() != self && s.ppid() != 2 && s.pid() != 2)
          .ifPresent(s -> out.put(p, new ProcessMoment(s, proc.pidStatus(p).orElse(null), null)));
    }
    return out;
  }


  private static ProcessSample sample(String role, int pid, ProcessMoment s, ProcessMoment e,
      boolean withChildren) {
    PidStatus st = s != null && s.status() != null ? s.status() : e != null ? e.status() : null;
    return new ProcessSample(role, pid,
        s != null ? s.stat().comm() : e != null ? e.stat().comm() : "?",
        st == null ? List.of() : st.cpusAllowed(), s == null ? null : s.stat(),
        e == null ? null : e.stat(), s == null ? null : s.sched(), e == null ? null : e.sched(),
        switches(s), switches(e), withChildren);
  }


  private static long switches(ProcessMoment s) {
    if (s == null || s.status() == null) {
      return -1;
    }
    return s.status().voluntaryCtxtSwitches() + s.status().nonvoluntaryCtxtSwitches();
  }


  /**
   * AFL's own rate for the instance, a cross-check: read as scaling-report reads it (the one
   * reader of AFL files, from the instance folder its -o names), total_execs over plot_data
   * rows 10 s apart, else execs_done over run_time once AFL++ has run a minute; else null.
   */
  private Double aflExecs(Campaign c) {
    if (c.fuzzer() <= 0) {
      return null;
    }
    for (var f : new dev.fuzzprof.acquire.proc.FuzzerProcesses(proc).running()) {
      if (f.pid() != c.fuzzer() || f.instanceDir() == null) {
        continue;
      }
      var files = dev.fuzzprof.acquire.afl.AflOutputDir.readInstance(f.instanceDir(), 4096);
      var plot = files.plotData() == null ? null
          : dev.fuzzprof.parse.afl.PlotDataParser.parse(files.plotData());
      var rate = plot == null ? null : dev.fuzzprof.analyze.campaign.ExecsRate.fromPlot(
          plot.points());
      FuzzerStats s = files.fuzzerStats() == null ? null
          : FuzzerStatsParser.parse(files.fuzzerStats());
      if (rate == null && s != null && s.runTime() != null && s.runTime() >= 60) {
        rate = dev.fuzzprof.analyze.campaign.ExecsRate.lifetime(s);
      }
      return rate == null ? null : rate.execsPerSec();
    }
    return null;
  }
}
