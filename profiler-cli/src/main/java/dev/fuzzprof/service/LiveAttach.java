package dev.fuzzprof.service;

import dev.fuzzprof.acquire.TraceFile;
import dev.fuzzprof.acquire.perf.CaseCounter;
import dev.fuzzprof.acquire.perf.CpuSampler;
import dev.fuzzprof.analyze.campaign.KernelSplit;
import dev.fuzzprof.parse.perf.CpuSample;
import dev.fuzzprof.acquire.perf.PerfStatCounter;
import dev.fuzzprof.acquire.perf.PerfStatCounter.Event;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.acquire.proc.ProcessTree;
import dev.fuzzprof.acquire.proc.ProcessTree.Campaign;
import dev.fuzzprof.acquire.strace.StraceWindow;
import dev.fuzzprof.analyze.Mode;
import dev.fuzzprof.analyze.campaign.CpuTime;
import dev.fuzzprof.analyze.campaign.TreeCpu;
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
import dev.fuzzprof.parse.proc.ProcessMoment;
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
import java.util.Optional;
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

  /** How long the CPUs are sampled (perf record, 499 Hz, no stacks) for the user/kernel split. */
  static final double CPU_SAMPLE = 2.0;

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
  private record Counted(Long cases, Long syscalls, Long serverSyscalls,
      Map<String, Long> perSyscall) {}

  /**
   * Reads perf's counts: the first event is the syscall total (when asked), then the two case
   * events (the fork server's SIGCONTs and forks, or the plain target's self-stops), then one
   * per named syscall.
   */
  private static Counted counted(List<PerfCount> counts, List<Event> events, int caseEvents,
      boolean withSyscalls, List<String> missing) {
    return counted(counts, events, caseEvents, withSyscalls, missing, withSyscalls ? 1 : 0);
  }

  /** @param totals how many syscall totals come first (the target's, then the server's) */
  private static Counted counted(List<PerfCount> counts, List<Event> events, int caseEvents,
      boolean withSyscalls, List<String> missing, int totals) {
    Long cases = null;
    Long syscalls = null;
    Map<String, Long> perSyscall = new LinkedHashMap<>();
    if (counts == null) {
      return new Counted(null, null, null, perSyscall);
    }
    if (counts.size() != events.size()) {
      missing.add("perf returned " + counts.size() + " counters for " + events.size()
          + " events");
      return new Counted(null, null, null, perSyscall);
    }
    int first = totals;
    Long server = null;
    long c = 0;
    boolean allCases = true;
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      PerfCount pc = counts.get(i);
      if (!pc.counted()) {
        missing.add(e.tracepoint() + " " + pc.status());
        if (i >= first && i < first + caseEvents) {
          allCases = false;
        }
        continue;
      }
      if (withSyscalls && i == 0) {
        syscalls = pc.value();
      } else if (i < totals) {
        server = pc.value();
      } else if (i >= first && i < first + caseEvents) {
        c += pc.value();
      } else if (e.tracepoint().startsWith("syscalls:sys_enter_")) {
        perSyscall.put(e.tracepoint().substring("syscalls:sys_enter_".length()), pc.value());
      }
    }
    cases = allCases ? c : null;
    return new Counted(cases, syscalls, server, perSyscall);
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
    Mode mode = probeMode(tree, c);
    c = tree.refresh(c);
    int server = c.forkServer();
    int target = mode == Mode.FORKSERVER ? server : c.target();
    if (target <= 0) {
      target = o.pid();
    }
    List<Integer> cpuList = cpus(c);
    String cpus = CpuListParser.format(cpuList);

    // Cases: a fork server sends its persistent child one SIGCONT per case and forks a child
    // per case (fork-server mode) or every N cases (__AFL_LOOP(N)); counting both at the server
    // follows every child AFL++ starts, however often it replaces them. Both tracepoints fire
    // once per case and cost nothing measurable, so they count for the whole duration; syscall
    // tracepoints slow every syscall on the CPU, so syscalls count only in a short sample.
    List<Event> caseEvents = server > 0 ? CaseCounter.events(server)
        : List.of(new Event("signal:signal_generate", "sig == " + SIGSTOP
            + " && common_pid == " + target));
    List<Event> sampleEvents = sampleEvents(c, server > 0 ? forkServers(c) : List.of(), target);
    double sampleSeconds = Math.min(SYSCALL_SAMPLE, o.durationSeconds() * SYSCALL_SAMPLE_SHARE);
    Map<Integer, Snapshot> before = snapshot(c.pids());
    Map<Integer, Snapshot> othersBefore = othersSnapshot(c);
    int treeRoot = server > 0 ? server : target;
    List<ProcessMoment> treeBefore = proc.tree(treeRoot);
    List<Integer> watched = new ArrayList<>(List.of(target));
    if (c.fuzzer() > 0) {
      watched.add(c.fuzzer());
    }
    StopWatch stops = new StopWatch(proc, watched);
    ProcStat cpuStart = null;
    long t0 = 0;
    List<PerfCount> caseCounts = null;
    List<PerfCount> sampleCounts = null;
    String countedBy = null;
    PerfStatCounter casePerf = null;
    PerfStatCounter samplePerf = null;
    CpuSampler cpuSampler = null;
    List<CpuSample> cpuSamples = null;
    double seconds = 0;
    try {
      casePerf = PerfStatCounter.start(caseEvents, PerfStatCounter.Scope.ALL_FILTERED, null,
          o.durationSeconds() + 60);
      try {
        // what runs on the target's CPUs, user or kernel: the split for a target that shares
        // them (the utime/stime of short-lived fork-server children is not to be trusted)
        cpuSampler = CpuSampler.start(cpus, Math.min(CPU_SAMPLE, o.durationSeconds()));
      } catch (FuzzprofException e) {
        missing.add("CPUs not sampled: " + e.getMessage());
      }
      // the window starts when perf acknowledged that it counts (perf may take a second or
      // more to start on a loaded machine), and /proc is read from then on
      cpuStart = proc.stat().orElse(null);
      before = snapshot(c.pids());
      treeBefore = proc.tree(treeRoot);
      t0 = System.nanoTime();
      try {
        samplePerf = PerfStatCounter.start(sampleEvents, PerfStatCounter.Scope.CPUS_FILTERED,
            cpus, o.durationSeconds() + 60);
        sleepUntil(System.nanoTime() + (long) (sampleSeconds * 1e9), c, stops);
        sampleCounts = samplePerf.stop();
        sampleSeconds = samplePerf.seconds();
      } catch (FuzzprofException e) {
        missing.add("syscalls not counted: " + e.getMessage());
      }
      sleepUntil(t0 + (long) (o.durationSeconds() * 1e9), c, stops);
      caseCounts = casePerf.stop();
      seconds = casePerf.seconds();
      if (cpuSampler != null) {
        try {
          cpuSamples = cpuSampler.finish();
        } catch (FuzzprofException e) {
          missing.add("CPUs not sampled: " + e.getMessage());
        }
      }
      countedBy = (server > 0 ? "perf stat, CPU-wide: the fork server's (pid " + server
          + ") SIGCONTs and forks, for the whole window"
          : "perf stat, CPU-wide: the target's self-stops, for the whole window")
          + "; syscalls in a short sample on CPUs " + cpus + ", filtered on "
          + (mode == Mode.FORKSERVER ? "the target's command name" : server > 0
              ? "the target's command name, fork server excluded" : "the target's pid");
    } catch (FuzzprofException e) {
      missing.add("cases not counted: " + e.getMessage());
      if (cpuStart == null) {
        cpuStart = proc.stat().orElse(null);
        t0 = System.nanoTime();
        sleepUntil(t0 + (long) (o.durationSeconds() * 1e9), c, stops);
      }
    } finally {
      if (samplePerf != null) {
        samplePerf.close();
      }
      if (casePerf != null) {
        casePerf.close();
      }
      if (cpuSampler != null) {
        cpuSampler.close();
      }
    }
    ProcStat cpuEnd = proc.stat().orElse(null);
    double procSeconds = (System.nanoTime() - t0) / 1e9;
    if (seconds <= 0) {
      seconds = procSeconds;
    }
    Map<Integer, Snapshot> after = snapshot(c.pids());
    List<ProcessMoment> treeAfter = proc.tree(treeRoot);
    Map<Integer, Snapshot> othersAfter = othersSnapshot(c);
    Campaign now = tree.refresh(c);
    boolean stoppedAtEveryLook = stops.alwaysStopped();
    boolean gone = server > 0 ? !proc.exists(server) : !proc.exists(target)
        || proc.pidStat(target).map(s -> s.state() == 'Z').orElse(true);
    if (gone) {
      missing.add("the target (pid " + (server > 0 ? server : target) + ") exited during the"
          + " window: figures cover the time it ran");
    }

    Counted whole = counted(caseCounts, caseEvents, caseEvents.size(), false, missing);
    SampleCounts sample = SampleCounts.of(sampleCounts, sampleEvents, missing);
    Long cases = whole.cases();
    if (server > 0 && caseCounts != null && caseCounts.size() == 2 && caseCounts.get(0).counted()
        && caseCounts.get(1).counted() && caseCounts.get(0).value() + caseCounts.get(1).value()
            > 0) {
      // one SIGCONT per case: persistent (AFL++ replaces the child every N cases); one fork per
      // case: fork-server mode. The counts decide, not how long one child was seen to live.
      mode = caseCounts.get(0).value() > caseCounts.get(1).value() ? Mode.PERSISTENT
          : Mode.FORKSERVER;
    }
    // stopped: in State T at every look AND no case ran; a persistent child waiting for its
    // SIGCONT is in State T at most looks on a busy box, and still runs its cases
    TreeCpu early = CpuTime.tree(treeBefore, proc.tree(treeRoot), procSeconds,
        SystemFacts.userHz());
    boolean stopped = stoppedAtEveryLook && (cases != null ? cases == 0
        : early == null || early.cpuPercent() < 1);
    Long targetSyscalls = sample.syscalls(mode);
    if (cases != null && cases == 0 && mode == Mode.PLAIN) {
      cases = null;
    }
    if (cases != null && cases > 0 && mode == Mode.PLAIN) {
      mode = Mode.PERSISTENT;
    }

    TraceReport window = null;
    Double windowSeconds = null;
    if (o.trace() && !interrupted && !gone && !stopped) {
      // a persistent child may be replaced any moment (__AFL_LOOP(N)): trace the fork server
      // too, with -f, so the sample follows into its next child; strace -f follows only
      // children forked after it attached, so the current child is given too, read at the last
      // moment, and the window is tried again (at most three times) when that child was
      // already gone and no case was caught
      for (int attempt = 0; attempt < 3 && window == null && !interrupted; attempt++) {
        List<Integer> traced = new ArrayList<>();
        if (server > 0) {
          traced.add(server);
          Campaign latest = tree.refresh(new Campaign(now.given(), now.fuzzer(), server, -1,
              now.comm()));
          if (mode.persistent() && latest.target() > 0 && latest.target() != server) {
            traced.add(latest.target());
          }
        } else {
          traced.add(target);
        }
        missing.removeIf(m -> m.startsWith("the strace sample caught no whole case")
            || m.startsWith("the strace window caught nothing"));
        window = straceSample(traced, o, missing);
        if (window != null) {
          windowSeconds = lastWindowSeconds;
        }
        if (server <= 0 || !mode.persistent()) {
          break;
        }
      }
    }
    if (interrupted) {
      missing.add("interrupted: counted for " + String.format(java.util.Locale.ROOT, "%.1f s",
          seconds) + ", no pattern sample");
    }
    mode = refinedMode(mode, window, sample.perSyscall(), sample.cases(mode));

    List<ProcessSample> processes = new ArrayList<>();
    for (int p : c.pids()) {
      processes.add(sample(c.roleOf(p), p, before.get(p), after.get(p),
          mode == Mode.FORKSERVER && p == c.forkServer()));
    }
    List<ProcessSample> others = new ArrayList<>();
    othersBefore.forEach((p, s) -> {
      Snapshot e = othersAfter.get(p);
      if (e != null) {
        others.add(sample("other", p, s, e, false));
      }
    });
    TreeCpu targetCpu = CpuTime.tree(treeBefore, treeAfter, procSeconds, SystemFacts.userHz());
    LiveMeasurements m = new LiveMeasurements(o.pid(), mode, seconds, procSeconds, countedBy,
        cases, sample.cases(mode), sampleSeconds, targetSyscalls,
        sample.perSyscall(), processes, others, cpuStart, cpuEnd, window, windowSeconds,
        aflExecs(c), SystemFacts.userHz(), targetCpu, cpuList, stopped,
        KernelSplit.kernelPercent(cpuSamples, pidsOf(treeBefore, treeAfter), c.comm(), cpuList),
        missing);
    return LiveAnalyzer.analyze(m);
  }

  private static java.util.Set<Integer> pidsOf(List<ProcessMoment> a, List<ProcessMoment> b) {
    java.util.Set<Integer> out = new java.util.HashSet<>();
    a.forEach(m -> out.add(m.pid()));
    b.forEach(m -> out.add(m.pid()));
    return out;
  }

  private double lastWindowSeconds;

  /** One strace window on {@code traced}, analyzed as analyze would; null when it caught no case. */
  private TraceReport straceSample(List<Integer> traced, Options o, List<String> missing) {
    try {
      Path file = Files.createTempFile("fuzzprof-window-", ".strace");
      try {
        StraceWindow.Result w = StraceWindow.run(traced, o.windowCases(), o.windowSeconds(),
            file);
        lastWindowSeconds = w.seconds();
        TraceAnalyzer analyzer = new TraceAnalyzer();
        TraceFile.Result read = TraceFile.read(file.toString(), null, analyzer,
            TraceAnalyzer.ARGS_NEEDED);
        if (read.stats().events() == 0) {
          missing.add("the strace window caught nothing");
          return null;
        }
        TraceReport r = analyzer.finish(read.stats(), "strace");
        if (r.cases() == 0) {
          missing.add("the strace sample caught no whole case (" + read.stats().events()
              + " events); the counted figures stand");
          return null;
        }
        return r;
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (FuzzprofException | IOException e) {
      missing.add("no pattern sample: " + e.getMessage());
      return null;
    }
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

  /**
   * The short sample's events, in this order: the syscalls of the target's processes that are
   * not fork servers (the children, whatever pid they have now), the fork servers' own syscalls,
   * the children's self-stops (one per persistent case), the servers' forks (one per fork-server
   * case), then each named syscall of the children. All are filtered by the target's command
   * name with every fork server of that name excluded (or included), so when several instances
   * of one target share the CPUs the syscalls and the cases come from the same processes and
   * their ratio stays right. A plain process is filtered by its pid.
   */
  static List<Event> sampleEvents(Campaign c, List<Integer> servers, int target) {
    List<Event> out = new ArrayList<>();
    String who;
    if (!servers.isEmpty()) {
      String comm = "comm == \"" + c.comm().replaceAll("[\"\\\\]", "") + "\"";
      StringBuilder not = new StringBuilder();
      StringBuilder any = new StringBuilder();
      for (int s : servers) {
        not.append(" && common_pid != ").append(s);
        any.append(any.length() == 0 ? "" : " || ").append("common_pid == ").append(s);
      }
      who = comm + not;
      out.add(new Event("raw_syscalls:sys_enter", who));
      out.add(new Event("raw_syscalls:sys_enter", comm + " && (" + any + ")"));
      out.add(new Event("signal:signal_generate", "sig == " + SIGSTOP + " && " + who));
      out.add(new Event("sched:sched_process_fork", "parent_" + comm));
    } else {
      who = "common_pid == " + target;
      out.add(new Event("raw_syscalls:sys_enter", who));
      out.add(new Event("raw_syscalls:sys_enter", "common_pid == -1"));
      out.add(new Event("signal:signal_generate", "sig == " + SIGSTOP + " && " + who));
      out.add(new Event("sched:sched_process_fork", "parent_pid == " + target));
    }
    for (String name : COUNTED) {
      String tp = "syscalls:sys_enter_" + name;
      if (PerfStatCounter.tracepointExists(tp)) {
        out.add(new Event(tp, who));
      }
    }
    return out;
  }

  /** What the sample counted, by the order of {@link #sampleEvents}; null where not counted. */
  record SampleCounts(Long children, Long servers, Long stops, Long forks,
      Map<String, Long> perSyscall) {
    static SampleCounts of(List<PerfCount> counts, List<Event> events, List<String> missing) {
      Map<String, Long> per = new LinkedHashMap<>();
      if (counts == null || counts.size() != events.size()) {
        if (counts != null) {
          missing.add("perf returned " + counts.size() + " counters for " + events.size()
              + " events");
        }
        return new SampleCounts(null, null, null, null, per);
      }
      Long[] first = new Long[4];
      for (int i = 0; i < counts.size(); i++) {
        PerfCount pc = counts.get(i);
        if (!pc.counted()) {
          missing.add(events.get(i).tracepoint() + " " + pc.status());
          continue;
        }
        if (i < 4) {
          first[i] = pc.value();
        } else {
          per.put(events.get(i).tracepoint().substring("syscalls:sys_enter_".length()),
              pc.value());
        }
      }
      return new SampleCounts(first[0], first[1], first[2], first[3], per);
    }

    /** Cases in the sample: self-stops for a persistent target, forks otherwise. */
    Long cases(Mode mode) {
      return mode.processPerCase() ? forks : stops;
    }

    /** The target's syscalls: the children's, plus the servers' part in fork-server mode. */
    Long syscalls(Mode mode) {
      if (children == null) {
        return null;
      }
      return mode.processPerCase() && servers != null ? children + servers : children;
    }
  }

  /** Every fork server (a child of an afl-fuzz) running the target's command. */
  private List<Integer> forkServers(Campaign c) {
    List<Integer> out = new ArrayList<>();
    if (c.forkServer() > 0) {
      out.add(c.forkServer());
    }
    for (var f : new dev.fuzzprof.acquire.proc.FuzzerProcesses(proc).running()) {
      for (int kid : proc.children(f.pid())) {
        if (!out.contains(kid) && proc.comm(kid).filter(c.comm()::equals).isPresent()) {
          out.add(kid);
        }
      }
    }
    return out;
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
  private Mode probeMode(ProcessTree tree, Campaign c) {
    if (c.forkServer() <= 0) {
      return Mode.PLAIN;
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
        // a new child: fork-server mode, unless the old one was a persistent child that AFL++
        // replaced (__AFL_LOOP(N) ends after N cases); a persistent child lives many looks
        return livesLong(tree, c) ? Mode.PERSISTENT : Mode.FORKSERVER;
      }
    }
    return first > 0 ? Mode.PERSISTENT : Mode.FORKSERVER;
  }

  /** Whether the fork server's newest child lives through several looks 20 ms apart. */
  private boolean livesLong(ProcessTree tree, Campaign c) {
    Campaign probe = tree.refresh(new Campaign(c.given(), c.fuzzer(), c.forkServer(), -1,
        c.comm()));
    int child = probe.target();
    if (child <= 0) {
      return false;
    }
    for (int i = 0; i < 3; i++) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (!proc.exists(child)) {
        return false;
      }
    }
    return true;
  }

  private List<Integer> cpus(Campaign c) {
    TreeSet<Integer> all = new TreeSet<>();
    for (int p : c.pids()) {
      proc.pidStatus(p).ifPresent(s -> all.addAll(s.cpusAllowed()));
    }
    return List.copyOf(all);
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

  /** One process read at one moment. */
  private record Snapshot(PidStat stat, PidStatus status, Schedstat sched) {}

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
