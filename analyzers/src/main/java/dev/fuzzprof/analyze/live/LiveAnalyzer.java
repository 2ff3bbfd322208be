package dev.fuzzprof.analyze.live;

import dev.fuzzprof.analyze.FindingId;
import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.Severity;
import dev.fuzzprof.analyze.live.AttachReport.CoreUse;
import dev.fuzzprof.analyze.live.AttachReport.ProcessUse;
import dev.fuzzprof.analyze.live.AttachReport.SyscallCount;
import dev.fuzzprof.analyze.live.AttachReport.Window;
import dev.fuzzprof.analyze.live.LiveMeasurements.ProcessSample;
import dev.fuzzprof.analyze.trace.TraceReport;
import dev.fuzzprof.parse.proc.CpuTicks;
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
  /** Another process using this much of a CPU (percent) counts as busy. */
  static final double BUSY = 25;

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
    ProcessUse target = null;
    ProcessSample targetSample = null;
    for (ProcessSample p : m.processes()) {
      ProcessUse u = use(p, m);
      if (u == null) {
        missing.add(p.role() + " " + p.pid() + " exited during the window: its CPU time is not"
            + " known");
        continue;
      }
      processes.add(u);
      if (target == null && isTargetRole(p, m.mode())) {
        target = u;
        targetSample = p;
      }
    }
    Double switches = null;
    if (targetSample != null && targetSample.end() != null && cases != null && cases > 0
        && targetSample.switchesEnd() >= targetSample.switchesStart()) {
      switches = (double) (targetSample.switchesEnd() - targetSample.switchesStart()) / cases;
    }
    List<CoreUse> perCore = perCore(m);
    Window window = window(m);
    Double slowdown = execs != null && window != null && window.casesPerSecond() != null
        && window.casesPerSecond() > 0 ? execs / window.casesPerSecond() : null;

    List<Finding> findings = new ArrayList<>();
    if (target != null) {
      kernelHeavy(target, perSyscall, perCase).ifPresent(findings::add);
      sharedCpu(target, m).ifPresent(findings::add);
    }
    if (m.window() != null) {
      m.window().findings().stream()
          .filter(f -> !f.id().equals(FindingId.FEW_CASES.id())
              && !f.id().equals(FindingId.PARTIAL_TRACE.id()))
          .forEach(findings::add);
    } else {
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
        m.aflExecsPerSec(), cases, perCase, perSyscall,
        target == null ? null : target.kernelPercent(), target == null ? null : target.userPercent(),
        switches, target == null ? null : target.runQueueWaitPercent(), perCore, processes,
        window, slowdown, findings, partial, missing);
  }

  private static boolean isTargetRole(ProcessSample p, String mode) {
    return "forkserver".equals(mode) ? p.role().equals("forkserver") : p.role().equals("target");
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

  private static List<CoreUse> perCore(LiveMeasurements m) {
    List<CoreUse> out = new ArrayList<>();
    if (m.cpuStart() == null || m.cpuEnd() == null) {
      return out;
    }
    for (CpuTicks end : m.cpuEnd().perCpu()) {
      m.cpuStart().perCpu().stream().filter(s -> s.cpu() == end.cpu()).findFirst().ifPresent(s -> {
        CpuTicks d = end.minus(s);
        double total = Math.max(1, d.total());
        out.add(new CoreUse(end.cpu(), 100.0 * d.userAll() / total, 100.0 * d.systemAll() / total,
            100.0 * d.idleAll() / total));
      });
    }
    return out;
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

  private static java.util.Optional<Finding> kernelHeavy(ProcessUse t, List<SyscallCount> calls,
      Double perCase) {
    double cpu = t.kernelPercent() + t.userPercent();
    if (cpu < 5 || t.kernelPercent() / cpu < KERNEL_HEAVY) {
      return java.util.Optional.empty();
    }
    String where = calls.stream().filter(c -> c.perCase() != null).limit(6)
        .map(c -> String.format(Locale.ROOT, "%s x%.1f", c.name(), c.perCase()))
        .collect(Collectors.joining(", "));
    return java.util.Optional.of(Finding.of(FindingId.KERNEL_HEAVY, Severity.HIGH,
        String.format(Locale.ROOT, "the target spends %.0f%% of its CPU time in the kernel"
            + " (%.1f%% system, %.1f%% user of one CPU)%s", 100 * t.kernelPercent() / cpu,
            t.kernelPercent(), t.userPercent(), perCase == null ? ""
                : String.format(Locale.ROOT, "; %.1f syscalls per case%s", perCase,
                    where.isEmpty() ? "" : ": " + where))));
  }

  private static java.util.Optional<Finding> sharedCpu(ProcessUse t, LiveMeasurements m) {
    List<String> busy = new ArrayList<>();
    int all = m.cpuEnd() == null ? 0 : m.cpuEnd().perCpu().size();
    for (ProcessSample o : m.others()) {
      ProcessUse u = use(o, m);
      if (u == null || u.kernelPercent() + u.userPercent() < BUSY) {
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
  private static List<Finding> countedPatternFindings(String mode, List<SyscallCount> calls,
      Double perCase) {
    List<Finding> out = new ArrayList<>();
    if (perCase == null) {
      return out;
    }
    if ("forkserver".equals(mode)) {
      out.add(Finding.of(FindingId.NOT_PERSISTENT, Severity.HIGH, String.format(Locale.ROOT,
          "every case is a new process forked by the fork server: %.1f syscalls per case",
          perCase)));
    }
    double io = calls.stream().filter(c -> INPUT_IO.contains(c.name()) && c.perCase() != null)
        .mapToDouble(SyscallCount::perCase).sum();
    boolean reads = calls.stream().anyMatch(c -> (c.name().equals("read")
        || c.name().equals("pread64")) && c.perCase() != null && c.perCase() >= 0.9);
    if (reads) {
      out.add(Finding.of(FindingId.FILE_INPUT, "forkserver".equals(mode) ? Severity.MEDIUM
          : Severity.HIGH, String.format(Locale.ROOT,
          "each case reads its input from a file: %.1f of %.1f syscalls per case (%s)", io,
          perCase, calls.stream().filter(c -> INPUT_IO.contains(c.name()) && c.perCase() != null)
              .map(c -> String.format(Locale.ROOT, "%s x%.1f", c.name(), c.perCase()))
              .collect(Collectors.joining(", ")))));
    }
    return out;
  }
}
