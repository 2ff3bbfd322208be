package dev.fuzzprof.service;

import dev.fuzzprof.acquire.TraceFile;
import dev.fuzzprof.acquire.perf.PerfStatCounter;
import dev.fuzzprof.acquire.perf.PerfStatCounter.Event;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.acquire.proc.ProcessTree;
import dev.fuzzprof.acquire.proc.ProcessTree.Campaign;
import dev.fuzzprof.acquire.strace.StraceWindow;
import dev.fuzzprof.analyze.live.AttachReport;
import dev.fuzzprof.analyze.live.LiveAnalyzer;
import dev.fuzzprof.analyze.live.LiveMeasurements;
import dev.fuzzprof.analyze.live.LiveMeasurements.ProcessSample;
import dev.fuzzprof.analyze.trace.TraceAnalyzer;
import dev.fuzzprof.analyze.trace.TraceReport;
import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.FuzzerStatsParser;
import dev.fuzzprof.parse.perf.PerfStatCsvParser.PerfCount;
import dev.fuzzprof.parse.proc.CpuListParser;
import dev.fuzzprof.parse.proc.PidStat;
import dev.fuzzprof.parse.proc.PidStatus;
import dev.fuzzprof.parse.proc.ProcStat;
import dev.fuzzprof.parse.proc.Schedstat;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code fuzzprof attach}: /proc at the start, perf counting for the duration, /proc at the end,
 * then (unless told not to) a short strace window and the slowdown it caused. Everything that
 * can fail falls back to what is still measurable and says what is missing.
 */
public final class LiveAttach {
  /** Syscalls counted one by one (each its own tracepoint), besides the total. */
  static final List<String> COUNTED = List.of("openat", "open", "read", "pread64", "close",
      "lseek", "newfstat", "newfstatat", "mmap", "munmap", "brk", "mprotect", "madvise", "write",
      "gettid", "getpid", "tgkill", "kill", "rt_sigprocmask", "rt_sigaction", "wait4", "clone",
      "clone3", "exit_group", "futex", "getrandom", "set_robust_list");
  private static final int SIGSTOP = 19;
  /**
   * Longest syscall sample, seconds, and its share of the duration. Syscall tracepoints cost a
   * persistent target 8-20% while they count (bench/attach-overhead.sh), so they count briefly:
   * 0.25 s of a 5 s attach, still some 10,000 cases at 50,000 cases/s.
   */
  static final double SYSCALL_SAMPLE = 0.5;

  static final double SYSCALL_SAMPLE_SHARE = 0.05;

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

  /** What one perf run counted. */
  private record Counted(Long cases, Long syscalls, Map<String, Long> perSyscall) {}

  private static Counted counted(List<PerfCount> counts, List<Event> events, String mode,
      List<String> missing) {
    Long cases = null;
    Long syscalls = null;
    Map<String, Long> perSyscall = new LinkedHashMap<>();
    if (counts == null) {
      return new Counted(null, null, perSyscall);
    }
    if (counts.size() != events.size()) {
      missing.add("perf returned " + counts.size() + " counters for " + events.size()
          + " events");
      return new Counted(null, null, perSyscall);
    }
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      PerfCount pc = counts.get(i);
      if (!pc.counted()) {
        missing.add(e.tracepoint() + " " + pc.status());
        continue;
      }
      String tp = e.tracepoint();
      if (tp.equals("raw_syscalls:sys_enter")) {
        syscalls = pc.value();
      } else if (tp.startsWith("syscalls:sys_enter_")) {
        perSyscall.put(tp.substring("syscalls:sys_enter_".length()), pc.value());
      } else if (tp.equals("signal:signal_generate") && !"forkserver".equals(mode)) {
        cases = pc.value();
      } else if (tp.equals("sched:sched_process_fork") && "forkserver".equals(mode)) {
        cases = pc.value();
      }
    }
    return new Counted(cases, syscalls, perSyscall);
  }

  /** What the user asked for. */
  public record Options(int pid, double durationSeconds, boolean trace, int windowCases,
      double windowSeconds) {}

  private final ProcFs proc;
  private volatile boolean interrupted;

  public LiveAttach(ProcFs proc) {
    this.proc = proc;
  }

  /**
   * Attaches, measures and hands the report to {@code printer}. On Ctrl-C or SIGTERM the count
   * ends early and the JVM waits (a few seconds at most) until the report is printed.
   */
  public static AttachReport run(Options o, java.util.function.Consumer<AttachReport> printer) {
    LiveAttach a = new LiveAttach(ProcFs.live());
    CountDownLatch done = new CountDownLatch(1);
    Thread main = Thread.currentThread();
    // Ctrl-C / SIGTERM: end the count early, let the report be written, then exit
    Thread hook = new Thread(() -> {
      a.interrupted = true;
      main.interrupt();
      try {
        done.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "fuzzprof-attach-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      AttachReport r = a.attach(o);
      printer.accept(r);
      return r;
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook is running
      }
    }
  }

  AttachReport attach(Options o) {
    ProcessTree tree = new ProcessTree(proc);
    Campaign c = tree.find(o.pid());
    List<String> missing = new ArrayList<>();
    if (c.forkServer() <= 0) {
      c = forkServerBetweenCases(tree, c);
    }
    String mode = probeMode(tree, c);
    c = tree.refresh(c);
    int target = "forkserver".equals(mode) ? c.forkServer() : c.target();
    if (target <= 0) {
      target = o.pid();
    }
    List<Integer> cpuList = cpus(c);
    String cpus = CpuListParser.format(cpuList);

    List<Event> events = events(mode, c, target);
    // Syscall tracepoints put every syscall on the CPU through the slow path (~10% on a
    // persistent target, bench/attach-overhead.sh), signal and fork tracepoints fire once per
    // case and cost nothing measurable. So cases are counted for the whole duration, syscalls
    // only in a short sample at its start, and syscalls per case come from that sample.
    List<Event> caseEvents = events.subList(1, 3);
    double sampleSeconds = Math.min(SYSCALL_SAMPLE, o.durationSeconds() * SYSCALL_SAMPLE_SHARE);
    int ncpus = Math.max(1,
        cpuList.isEmpty() ? Runtime.getRuntime().availableProcessors() : cpuList.size());
    Map<Integer, Snapshot> before = snapshot(c.pids());
    Map<Integer, Snapshot> othersBefore = othersSnapshot(c);
    ProcStat cpuStart = proc.stat().orElse(null);
    long t0 = System.nanoTime();
    List<PerfCount> caseCounts = null;
    List<PerfCount> sampleCounts = null;
    String countedBy = null;
    PerfStatCounter casePerf = null;
    PerfStatCounter samplePerf = null;
    // A persistent target stops itself once per case, and every stop is one voluntary context
    // switch, which /proc counts for free: no perf event has to stay open for the whole
    // duration (the filtered signal tracepoint alone cost ~2%). perf counts the stops only in
    // the short sample, which calibrates switches to cases.
    boolean casesFromSwitches = "persistent".equals(mode) && before.containsKey(target);
    long switchesAtSampleEnd = -1;
    double sampleWallSeconds = 0;
    try {
      if (!casesFromSwitches) {
        casePerf = PerfStatCounter.start(caseEvents, PerfStatCounter.Scope.CPUS_FILTERED, cpus,
            o.durationSeconds() + 5);
      }
      samplePerf = PerfStatCounter.start(events, PerfStatCounter.Scope.CPUS_FILTERED, cpus,
          o.durationSeconds() + 5);
      countedBy = casesFromSwitches
          ? "the target's voluntary context switches (/proc, one per self-stop, calibrated on"
              + " the stops perf counted in the sample); syscalls by perf stat, CPU-wide on CPUs "
              + cpus + ", filtered on the target, in a short sample at the start"
          : "perf stat, CPU-wide on CPUs " + cpus + ", filtered on the target; cases over"
              + " the whole duration, syscalls in a short sample at its start";
      sleepUntil(t0 + (long) (sampleSeconds * 1e9), c);
      try {
        sampleCounts = samplePerf.stop();
      } catch (FuzzprofException e) {
        missing.add("syscalls not counted: " + e.getMessage());
      }
      switchesAtSampleEnd = voluntarySwitches(target);
      sampleWallSeconds = (System.nanoTime() - t0) / 1e9;
      sleepUntil(t0 + (long) (o.durationSeconds() * 1e9), c);
      if (casePerf != null) {
        caseCounts = casePerf.stop();
      }
    } catch (FuzzprofException e) {
      missing.add("cases and syscalls not counted: " + e.getMessage());
      countedBy = null;
    } finally {
      if (samplePerf != null) {
        samplePerf.close();
      }
      if (casePerf != null) {
        casePerf.close();
      }
    }
    ProcStat cpuEnd = proc.stat().orElse(null);
    double procSeconds = (System.nanoTime() - t0) / 1e9;
    double seconds = procSeconds;
    if (caseCounts != null && !caseCounts.isEmpty() && caseCounts.get(0).runNanos() > 0) {
      // perf's own enabled time, summed over the CPUs it counted on: not perf's start-up
      seconds = caseCounts.get(0).runNanos() / 1e9 / ncpus;
    } else if (casePerf != null && caseCounts != null) {
      seconds = casePerf.seconds();
    }
    Map<Integer, Snapshot> after = snapshot(c.pids());
    Map<Integer, Snapshot> othersAfter = othersSnapshot(c);
    Campaign now = tree.refresh(c);
    boolean targetGone = !proc.exists(target) || proc.pidStat(target).map(s -> s.state() == 'Z')
        .orElse(true);
    if (targetGone) {
      missing.add("the target (pid " + target + ") exited during the window: figures cover the"
          + " time it ran");
    } else if ("persistent".equals(mode) && now.target() != c.target()) {
      missing.add("the persistent child was replaced during the window (pid " + c.target()
          + " -> " + now.target() + "): counts cover the first child");
    }

    Counted whole = counted(caseCounts, caseEvents, mode, missing);
    Counted sample = counted(sampleCounts, events, mode, missing);
    Long cases = whole.cases();
    Long syscalls = sample.syscalls();
    Long sampleCases = sample.cases();
    Map<String, Long> perSyscall = sample.perSyscall();
    if (sampleCounts != null && !sampleCounts.isEmpty() && sampleCounts.get(0).runNanos() > 0) {
      sampleSeconds = sampleCounts.get(0).runNanos() / 1e9 / ncpus;
    }
    if (casesFromSwitches) {
      cases = casesFromSwitches(before.get(target), switchesAtSampleEnd, sampleWallSeconds,
          after.get(target), sampleCases, sampleSeconds, missing);
    }
    if ("plain".equals(mode) && cases != null && cases == 0) {
      cases = null;
    }
    if (cases != null && cases > 0 && "plain".equals(mode)) {
      mode = "persistent";
    }

    TraceReport window = null;
    Double windowSeconds = null;
    if (o.trace() && !interrupted && !targetGone) {
      List<Integer> traced = "persistent".equals(mode) ? List.of(now.target() > 0 ? now.target()
          : target) : List.of(target);
      try {
        Path file = Files.createTempFile("fuzzprof-window-", ".strace");
        try {
          StraceWindow.Result w = StraceWindow.run(traced, o.windowCases(), o.windowSeconds(),
              file);
          windowSeconds = w.seconds();
          TraceAnalyzer analyzer = new TraceAnalyzer();
          TraceFile.Result read = TraceFile.read(file.toString(), null, analyzer,
              TraceAnalyzer.ARGS_NEEDED);
          if (read.stats().events() > 0) {
            window = analyzer.finish(read.stats(), "strace");
          } else {
            missing.add("the strace window caught nothing");
          }
        } finally {
          Files.deleteIfExists(file);
        }
      } catch (FuzzprofException e) {
        missing.add("no pattern sample: " + e.getMessage());
      } catch (IOException e) {
        missing.add("no pattern sample: " + e.getMessage());
      }
    }
    if (interrupted) {
      missing.add("interrupted: counted for " + String.format(java.util.Locale.ROOT, "%.1f s",
          seconds) + ", no pattern sample");
    }

    List<ProcessSample> processes = new ArrayList<>();
    for (int p : c.pids()) {
      processes.add(sample(c.roleOf(p), p, before.get(p), after.get(p),
          "forkserver".equals(mode) && p == c.forkServer()));
    }
    List<ProcessSample> others = new ArrayList<>();
    othersBefore.forEach((p, s) -> {
      Snapshot e = othersAfter.get(p);
      if (e != null) {
        others.add(sample("other", p, s, e, false));
      }
    });
    LiveMeasurements m = new LiveMeasurements(o.pid(), mode, seconds, procSeconds, countedBy,
        cases, sampleCases, sampleSeconds, syscalls,
        perSyscall, processes, others, cpuStart, cpuEnd, window, windowSeconds,
        aflExecs(c), clockTicks(), missing);
    return LiveAnalyzer.analyze(m);
  }

  /**
   * A fork server between two cases has no child at the moment it is looked at: look a few
   * more times over 100 ms before calling it a plain process.
   */
  private Campaign forkServerBetweenCases(ProcessTree tree, Campaign c) {
    Campaign asServer = new Campaign(c.given(), c.fuzzer(), c.target(), -1, c.comm());
    for (int i = 0; i < 20; i++) {
      Campaign again = tree.refresh(asServer);
      if (again.target() > 0) {
        return again;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return c;
  }

  /** persistent: the same child runs on; forkserver: the child changes between looks. */
  private String probeMode(ProcessTree tree, Campaign c) {
    if (c.forkServer() <= 0) {
      return "plain";
    }
    int first = c.target();
    for (int i = 0; i < 5; i++) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      Campaign again = tree.refresh(new Campaign(c.given(), c.fuzzer(), c.forkServer(), -1,
          c.comm()));
      if (again.target() != first) {
        return "forkserver";
      }
    }
    return first > 0 ? "persistent" : "forkserver";
  }

  private static List<Event> events(String mode, Campaign c, int target) {
    String who = "forkserver".equals(mode)
        ? "comm == \"" + c.comm().replaceAll("[\"\\\\]", "") + "\""
        : "common_pid == " + target;
    List<Event> out = new ArrayList<>();
    out.add(new Event("raw_syscalls:sys_enter", who));
    out.add(new Event("signal:signal_generate", "sig == " + SIGSTOP + " && common_pid == "
        + target));
    out.add(new Event("sched:sched_process_fork", "parent_pid == "
        + (c.forkServer() > 0 ? c.forkServer() : target)));
    for (String name : COUNTED) {
      String tp = "syscalls:sys_enter_" + name;
      if (PerfStatCounter.tracepointExists(tp)) {
        out.add(new Event(tp, who));
      }
    }
    return out;
  }

  private List<Integer> cpus(Campaign c) {
    TreeSet<Integer> all = new TreeSet<>();
    for (int p : c.pids()) {
      proc.pidStatus(p).ifPresent(s -> all.addAll(s.cpusAllowed()));
    }
    return List.copyOf(all);
  }

  private void sleepUntil(long deadline, Campaign c) {
    while (!interrupted && System.nanoTime() < deadline) {
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

  /** One process read at one moment. */
  private record Snapshot(PidStat stat, PidStatus status, Schedstat sched) {}

  private long voluntarySwitches(int pid) {
    return proc.pidStatus(pid).map(PidStatus::voluntaryCtxtSwitches).orElse(-1L);
  }

  /**
   * Below this share of stops among the target's voluntary switches in the sample, the target
   * clearly blocks on other things too and the switch count is scaled down. Above it, the
   * switches are taken as cases: the comparison itself is only good to 10-20% (perf's start-up
   * falls inside the switch interval, and the sample's tracepoints slow the target meanwhile),
   * while a target that only blocks in its self-stop makes exactly one switch per case (measured
   * on the reference target: 103,885 switches for 104,006 cases).
   */
  static final double OTHER_BLOCKING = 0.8;

  /**
   * Cases over the whole window from the target's voluntary context switches: one per self-stop,
   * plus whatever else blocks it. Returns null when /proc could not be read.
   */
  static Long casesFromSwitches(Snapshot start, long atSampleEnd, double sampleWallSeconds,
      Snapshot end, Long sampleStops, double sampleStopSeconds, List<String> notes) {
    if (start == null || end == null || start.status() == null || end.status() == null) {
      return null;
    }
    long total = end.status().voluntaryCtxtSwitches() - start.status().voluntaryCtxtSwitches();
    long inSample = atSampleEnd - start.status().voluntaryCtxtSwitches();
    if (sampleStops == null || sampleStops <= 0 || inSample <= 0 || atSampleEnd < 0
        || sampleWallSeconds <= 0 || sampleStopSeconds <= 0) {
      return total;
    }
    double share = (sampleStops / sampleStopSeconds) / (inSample / sampleWallSeconds);
    if (share >= OTHER_BLOCKING) {
      return total;
    }
    notes.add(String.format(java.util.Locale.ROOT, "the target also blocks outside its self-stop"
        + " (%.0f%% of its context switches are stops): cases scaled from its switches, good to"
        + " about 20%%", 100 * share));
    return Math.round(total * share);
  }

  private Map<Integer, Snapshot> snapshot(List<Integer> pids) {
    Map<Integer, Snapshot> out = new HashMap<>();
    for (int p : pids) {
      proc.pidStat(p).filter(s -> s.state() != 'Z').ifPresent(s -> out.put(p,
          new Snapshot(s, proc.pidStatus(p).orElse(null), proc.schedstat(p).orElse(null))));
    }
    return out;
  }

  /** Every other process (not the campaign, not fuzzprof and its tools): for shared-cpu. */
  private Map<Integer, Snapshot> othersSnapshot(Campaign c) {
    long self = ProcessHandle.current().pid();
    Map<Integer, Snapshot> out = new HashMap<>();
    for (int p : proc.pids()) {
      if (c.pids().contains(p) || p == self) {
        continue;
      }
      proc.pidStat(p).filter(s -> s.ppid() != self && s.ppid() != 2 && s.pid() != 2)
          .ifPresent(s -> out.put(p, new Snapshot(s, proc.pidStatus(p).orElse(null), null)));
    }
    return out;
  }

  private static ProcessSample sample(String role, int pid, Snapshot s, Snapshot e,
      boolean withChildren) {
    PidStatus st = s != null && s.status() != null ? s.status() : e != null ? e.status() : null;
    return new ProcessSample(role, pid,
        s != null ? s.stat().comm() : e != null ? e.stat().comm() : "?",
        st == null ? List.of() : st.cpusAllowed(), s == null ? null : s.stat(),
        e == null ? null : e.stat(), s == null ? null : s.sched(), e == null ? null : e.sched(),
        switches(s), switches(e), withChildren);
  }

  private static long switches(Snapshot s) {
    if (s == null || s.status() == null) {
      return -1;
    }
    return s.status().voluntaryCtxtSwitches() + s.status().nonvoluntaryCtxtSwitches();
  }

  /** AFL's execs_ps_last_min, from the fuzzer's -o directory, when there is one. */
  private Double aflExecs(Campaign c) {
    if (c.fuzzer() <= 0) {
      return null;
    }
    List<String> args = proc.cmdline(c.fuzzer());
    String out = null;
    String name = "default";
    for (int i = 0; i + 1 < args.size(); i++) {
      switch (args.get(i)) {
        case "-o" -> out = args.get(i + 1);
        case "-M", "-S" -> name = args.get(i + 1);
        default -> { }
      }
    }
    if (out == null) {
      return null;
    }
    Path dir = Path.of(out);
    if (!dir.isAbsolute()) {
      try {
        dir = Files.readSymbolicLink(proc.root().resolve(c.fuzzer() + "/cwd")).resolve(out);
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
    try {
      FuzzerStats s = FuzzerStatsParser.parse(Files.readString(dir.resolve(name)
          .resolve("fuzzer_stats")));
      return s.execsPsLastMin() != null ? s.execsPsLastMin() : s.execsPerSec();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes()).strip();
      p.waitFor(1, TimeUnit.SECONDS);
      return Long.parseLong(s);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
