package dev.fuzzprof.analyze.attach;

import dev.fuzzprof.analyze.FindingId;
import dev.fuzzprof.analyze.Engine;
import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.Severity;
import dev.fuzzprof.analyze.Mode;
import dev.fuzzprof.analyze.campaign.Busy;
import dev.fuzzprof.analyze.campaign.CoreUse;
import dev.fuzzprof.analyze.campaign.CpuTime;
import dev.fuzzprof.analyze.campaign.TreeCpu;
import dev.fuzzprof.analyze.attach.AttachReport.ProcessUse;
import dev.fuzzprof.analyze.attach.AttachReport.SyscallCount;
import dev.fuzzprof.analyze.attach.AttachReport.Window;
import dev.fuzzprof.analyze.attach.LiveMeasurements.ProcessSample;
import dev.fuzzprof.analyze.trace.TraceReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns what {@code attach} read into figures and findings. Pure: no I/O, no clock. */
public final class LiveAnalyzer {
  /** The target spends more than this share of its CPU time in the kernel: kernel-heavy. */
  static final double KERNEL_HEAVY = 0.30;
  /** The campaign "has its CPUs to itself" when they ran at most this much more than it. */
  static final double ALONE_SLACK = 15;

  private static final Set<String> INPUT_IO = Set.of("openat", "open", "read", "pread64");

  private LiveAnalyzer() {}

  public static AttachReport analyze(LiveMeasurements m) {
    List<String> missing = new ArrayList<>(m.missing());
    Long cases = m.cases();
    Double execs = cases == null || m.seconds() <= 0 ? null : cases / m.seconds();
    Long sampleCases = m.sampleCases();
    Double perCase = sampleCases == null || sampleCases == 0 || m.targetSyscalls() == null
        ? null : (double) m.targetSyscalls() / sampleCases;
    List<SyscallCount> perSyscall = perSyscall(m, sampleCases);

    List<ProcessUse> processes = new ArrayList<>();
    ProcessUse targetUse = null;
    ProcessSample targetSample = null;
    double campaignCpu = 0;
    for (ProcessSample p : m.processes()) {
      ProcessUse u = use(p, m);
      if (u == null) {
        if (!m.mode().persistent() || !p.role().equals("target")) {
          missing.add(p.role() + " " + p.pid() + " exited during the window: its CPU time is"
              + " counted in its parent's");
        }
        continue;
      }
      processes.add(u);
      if (targetUse == null && isTargetRole(p, m.mode())) {
        targetUse = u;
        targetSample = p;
      }
    }
    List<CoreUse> perCore = CpuTime.perCore(m.cpuStart(), m.cpuEnd());
    // the target: its fork server and every child it ran (replaced and reaped ones too)
    TreeCpu t = m.targetCpu();
    Double kernel = null;
    Double user = null;
    String kernelSource = null;
    if (t != null) {
      kernel = round1(100.0 * t.systemTicks() / (m.procSeconds() * m.hz()));
      user = round1(100.0 * t.userTicks() / (m.procSeconds() * m.hz()));
      kernelSource = "process";
      for (ProcessUse u : processes) {
        if (!u.role().equals("target") && !u.role().equals("forkserver")) {
          campaignCpu += u.kernelPercent() + u.userPercent();
        }
      }
      campaignCpu += t.cpuPercent();
      // alone on its CPUs: those CPUs' own counters split user and kernel right, where the
      // utime/stime of short-lived children (fork-server mode) are not to be trusted
      // its own CPU-clock samples split its time first (as scaling-report does): they keep
      // whatever else ran on its CPUs apart; its CPUs' /proc/stat when it had them to itself
      // and no samples were taken
      CoreUse mine = CpuTime.together(perCore, m.targetCpus());
      if (m.sampledKernelPercent() != null) {
        double share = m.sampledKernelPercent() / 100;
        kernel = round1(t.cpuPercent() * share);
        user = round1(t.cpuPercent() * (1 - share));
        kernelSource = "perf";
      } else if (mine != null && mine.kernelShare() != null && !m.targetCpus().isEmpty()
          && mine.busyPercent() * m.targetCpus().size() - campaignCpu <= ALONE_SLACK
          && t.cpuPercent() > 5) {
        double share = mine.kernelShare() / 100;
        kernel = round1(t.cpuPercent() * share);
        user = round1(t.cpuPercent() * (1 - share));
        kernelSource = "cpu";
      }
    } else if (targetUse != null) {
      kernel = targetUse.kernelPercent();
      user = targetUse.userPercent();
      kernelSource = "process";
    }
    Double switches = null;
    if (targetSample != null && targetSample.end() != null && cases != null && cases > 0
        && targetSample.switchesEnd() >= targetSample.switchesStart()
        && !m.mode().persistent()) {
      switches = (double) (targetSample.switchesEnd() - targetSample.switchesStart()) / cases;
    }
    Window window = window(m);
    Double slowdown = execs != null && window != null && window.casesPerSecond() != null
        && window.casesPerSecond() > 0 ? execs / window.casesPerSecond() : null;

    List<Finding> findings = new ArrayList<>();
    if (m.stopped()) {
      findings.add(Finding.of(FindingId.STOPPED, Severity.HIGH, "the target (pid " + m.pid()
          + ") stayed stopped (State T) through the whole window, not just the brief stops of"
          + " the SIGSTOP handshake: it ran no case; fuzzprof left it as it was",
          "Find who stopped it (Ctrl-Z, kill -STOP, a debugger, or its afl-fuzz stopped) and"
              + " resume it: kill -CONT PID of the stopped process."));
    }
    if (kernel != null && user != null) {
      kernelHeavy(kernel, user, kernelSource, m.mode(), perSyscall, perCase)
          .ifPresent(findings::add);
    }
    if (targetUse != null) {
      sharedCpu(targetUse, m).ifPresent(findings::add);
    }
    if (m.window() != null) {
      m.window().findings().stream()
          .filter(f -> !f.id().equals(FindingId.FEW_CASES.id())
              && !f.id().equals(FindingId.PARTIAL_TRACE.id()))
          .forEach(findings::add);
    } else if (!m.stopped()) {
      countedPatternFindings(m.mode(), perSyscall, perCase).forEach(findings::add);
    }
    boolean partial = !missing.isEmpty();
    if (partial) {
      findings.add(Finding.of(FindingId.PARTIAL_ATTACH, Severity.INFO,
          "partial report: " + String.join("; ", missing)));
    }
    findings.sort(Comparator.comparing(Finding::severity));
    return new AttachReport(m.pid(), m.mode(), m.seconds(), m.countedBy(), m.sampleSeconds(),
        execs,
        m.aflExecsPerSec(), cases, perCase, perSyscall, kernel, user,
        kernel == null || user == null || kernel + user <= 0 ? null
            : round1(100 * kernel / (kernel + user)), kernelSource,
        switches, targetUse == null ? null : targetUse.runQueueWaitPercent(), perCore, processes,
        window, slowdown, findings, partial, missing,
        m.mode() == Mode.PLAIN || m.mode() == Mode.UNKNOWN ? null : Engine.AFL, null, null, null);
  }

  private static boolean isTargetRole(ProcessSample p, Mode mode) {
    return mode == Mode.FORKSERVER ? p.role().equals("forkserver") : p.role().equals("target");
  }

  private static List<SyscallCount> perSyscall(LiveMeasurements m, Long cases) {
    List<SyscallCount> out = new ArrayList<>();
    long named = 0;
    for (Map.Entry<String, Long> e : m.perSyscall().entrySet()) {
      if (e.getValue() > 0) {
        out.add(new SyscallCount(e.getKey(), e.getValue(), per(e.getValue(), cases)));
        named += e.getValue();
      }
    }
    out.sort(Comparator.comparingLong(SyscallCount::calls).reversed());
    if (m.targetSyscalls() != null && m.targetSyscalls() > named) {
      long rest = m.targetSyscalls() - named;
      out.add(new SyscallCount("other", rest, per(rest, cases)));
    }
    return out;
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static Double per(long n, Long cases) {
    return cases == null || cases == 0 ? null : (double) n / cases;
  }

  private static ProcessUse use(ProcessSample p, LiveMeasurements m) {
    if (p.start() == null || p.end() == null || m.procSeconds() <= 0) {
      return null;
    }
    double ticks = m.procSeconds() * m.hz();
    long user = p.end().utime() - p.start().utime();
    long sys = p.end().stime() - p.start().stime();
    if (p.withChildren()) {
      user += p.end().childUtime() - p.start().childUtime();
      sys += p.end().childStime() - p.start().childStime();
    }
    Double wait = null;
    if (p.schedStart() != null && p.schedEnd() != null) {
      wait = 100.0 * (p.schedEnd().waitNanos() - p.schedStart().waitNanos())
          / (m.procSeconds() * 1e9);
    }
    return new ProcessUse(p.role(), p.pid(), p.comm(), p.cpus(), 100.0 * sys / ticks,
        100.0 * user / ticks, wait);
  }

  private static Window window(LiveMeasurements m) {
    TraceReport t = m.window();
    if (t == null) {
      return null;
    }
    Double rate = t.casesPerSecond();
    if (rate == null && m.windowSeconds() != null && m.windowSeconds() > 0 && t.cases() > 0) {
      rate = t.cases() / m.windowSeconds();
    }
    List<String> examples = t.perSyscall().stream().filter(s -> s.example() != null)
        .limit(8).map(s -> s.example()).toList();
    return new Window(m.windowSeconds() == null ? 0 : m.windowSeconds(), t.cases(), rate,
        t.syscallsPerCase(), t.signature().calls(), examples);
  }

  private static java.util.Optional<Finding> kernelHeavy(double kernel, double user,
      String source, Mode mode, List<SyscallCount> calls, Double perCase) {
    double cpu = kernel + user;
    if (cpu < 5 || kernel / cpu < KERNEL_HEAVY) {
      return java.util.Optional.empty();
    }
    String where = calls.stream().filter(c -> c.perCase() != null).limit(6)
        .map(c -> String.format(Locale.ROOT, "%s x%.1f", c.name(), c.perCase()))
        .collect(Collectors.joining(", "));
    boolean reads = calls.stream().anyMatch(c -> INPUT_IO.contains(c.name())
        && c.perCase() != null && c.perCase() >= 0.9);
    String fix = switch (mode) {
      case FORKSERVER, EXEC -> "Every case is a new process, and starting and ending it is most"
          + " of the kernel time: put the harness body in while (__AFL_LOOP(10000)) { ... }.";
      case PERSISTENT, SHMEM -> reads
          ? "The target is persistent already: take the input from shared memory"
              + " (__AFL_FUZZ_TESTCASE_BUF) instead of reading a file every case."
          : "The target is persistent with shared-memory input already: what is left is the"
              + " per-case SIGSTOP/SIGCONT handshake and the syscalls in the table; move those"
              + " out of the loop (fuzzprof flame --pid shows where they come from) and raise"
              + " the __AFL_LOOP count so children are replaced less often.";
      default -> FindingId.KERNEL_HEAVY.fix();
    };
    return java.util.Optional.of(Finding.of(FindingId.KERNEL_HEAVY, Severity.HIGH,
        String.format(Locale.ROOT, "the target spends %.0f%% of its CPU time in the kernel"
            + " (%.1f%% system, %.1f%% user of one CPU, split from %s)%s", 100 * kernel / cpu,
            kernel, user, "cpu".equals(source) ? "its CPUs' /proc/stat" : "perf".equals(source)
                ? "its CPU-clock samples" : "its processes' times",
            perCase == null ? "" : String.format(Locale.ROOT, "; %.1f syscalls per case%s",
                perCase, where.isEmpty() ? "" : ": " + where)), fix));
  }

  private static java.util.Optional<Finding> sharedCpu(ProcessUse t, LiveMeasurements m) {
    List<String> busy = new ArrayList<>();
    int all = m.cpuEnd() == null ? 0 : m.cpuEnd().perCpu().size();
    for (ProcessSample o : m.others()) {
      ProcessUse u = use(o, m);
      if (u == null || u.kernelPercent() + u.userPercent() < Busy.INSTANCE_PERCENT) {
        continue;
      }
      boolean overlaps = o.cpus().stream().anyMatch(t.cpus()::contains);
      boolean narrow = t.cpus().size() < all || o.cpus().size() < all;
      if (overlaps && narrow) {
        busy.add(String.format(Locale.ROOT, "%s (pid %d, cpus %s, %.0f%% of a CPU)", o.comm(),
            o.pid(), o.cpus(), u.kernelPercent() + u.userPercent()));
      }
    }
    if (busy.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(Finding.of(FindingId.SHARED_CPU, Severity.HIGH,
        String.format(Locale.ROOT, "the target's CPUs %s also run other busy processes: %s",
            t.cpus(), String.join(", ", busy))));
  }

  /** Without a strace sample, the trace findings that the counts alone support. */
  private static List<Finding> countedPatternFindings(Mode mode, List<SyscallCount> calls,
      Double perCase) {
    List<Finding> out = new ArrayList<>();
    if (perCase == null) {
      return out;
    }
    if (mode == Mode.FORKSERVER) {
      out.add(Finding.of(FindingId.NOT_PERSISTENT, Severity.HIGH, String.format(Locale.ROOT,
          "every case is a new process forked by the fork server: %.1f syscalls per case",
          perCase)));
    }
    double io = calls.stream().filter(c -> INPUT_IO.contains(c.name()) && c.perCase() != null)
        .mapToDouble(SyscallCount::perCase).sum();
    boolean reads = calls.stream().anyMatch(c -> (c.name().equals("read")
        || c.name().equals("pread64")) && c.perCase() != null && c.perCase() >= 0.9);
    if (reads) {
      out.add(Finding.of(FindingId.FILE_INPUT, mode == Mode.FORKSERVER ? Severity.MEDIUM
          : Severity.HIGH, String.format(Locale.ROOT,
          "each case reads its input from a file: %.1f of %.1f syscalls per case (%s)", io,
          perCase, calls.stream().filter(c -> INPUT_IO.contains(c.name()) && c.perCase() != null)
              .map(c -> String.format(Locale.ROOT, "%s x%.1f", c.name(), c.perCase()))
              .collect(Collectors.joining(", ")))));
    }
    return out;
  }
}
