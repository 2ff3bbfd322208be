package dev.fuzzprof.analyze.attach;

import dev.fuzzprof.analyze.Engine;
import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.FindingId;
import dev.fuzzprof.analyze.Mode;
import dev.fuzzprof.analyze.Severity;
import dev.fuzzprof.analyze.attach.AttachReport.ProcessUse;
import dev.fuzzprof.analyze.campaign.CoreUse;
import dev.fuzzprof.analyze.campaign.CpuTime;
import dev.fuzzprof.analyze.campaign.ExecsRate;
import dev.fuzzprof.analyze.campaign.TreeCpu;
import dev.fuzzprof.parse.libfuzzer.LibFuzzerLog;
import dev.fuzzprof.parse.proc.ProcStat;
import dev.fuzzprof.parse.proc.ProcessMoment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What attach says of an in-process fuzzer (libFuzzer): inputs per second from a uprobe count
 * over a short window, the process's CPU over the whole attach, the log's own exec/s beside it,
 * the counting's cost, and slow inputs. Pure.
 */
public final class LibFuzzerAnalyzer {
  /** A unit this long or longer is a slow unit. */
  static final double SLOW_UNIT_SECONDS = 1.0;

  private LibFuzzerAnalyzer() {}

  /**
   * What was measured.
   *
   * @param engine libFuzzer or Jazzer
   * @param function the function the uprobe counted
   * @param seconds the whole attach (the /proc window)
   * @param calls LLVMFuzzerTestOneInput calls counted by the uprobe, or null when not counted
   * @param countSeconds how long the uprobe counted
   * @param treeBefore the process at the start
   * @param windowEnd the process right after the uprobe window (empty when none ran)
   * @param windowSpan seconds from the start to then (probe set up, counted, removed)
   * @param log its log, or null
   */
  public record Measurements(Engine engine, String function, int pid, String comm, double seconds, Long calls,
      double countSeconds, List<ProcessMoment> treeBefore, List<ProcessMoment> windowEnd,
      double windowSpan, List<ProcessMoment> treeAfter,
      ProcStat cpuStart, ProcStat cpuEnd, long hz, List<Integer> cpus, LibFuzzerLog log,
      String logPath, List<String> missing) {}

  public static AttachReport analyze(Measurements m) {
    List<String> missing = new ArrayList<>(m.missing());
    TreeCpu cpu = CpuTime.tree(m.treeBefore(), m.treeAfter(), m.seconds(), m.hz());
    Double kernel = null;
    Double user = null;
    Double share = null;
    if (cpu != null) {
      kernel = round1(100.0 * cpu.systemTicks() / (m.seconds() * m.hz()));
      user = round1(100.0 * cpu.userTicks() / (m.seconds() * m.hz()));
      share = cpu.kernelPercent();
    }
    Double execs = m.calls() == null || m.countSeconds() <= 0 ? null
        : round1(m.calls() / m.countSeconds());
    ExecsRate fromLog = ExecsRate.fromLog(m.log());
    Double cost = uprobeCost(m);
    if (cost != null && cost >= 25) {
      missing.add(String.format(Locale.ROOT, "the uprobe cost %.0f%% of a CPU in its window"
          + " (%.0f hits/s, measured as the target's extra kernel time): the target ran slower"
          + " while counted, so cases/s is low; the log's exec/s is the better figure", cost,
          execs));
    }
    Double slowdown = cost == null || cost >= 100 ? null : round3(100 / (100 - cost));
    List<CoreUse> perCore = CpuTime.perCore(m.cpuStart(), m.cpuEnd());
    List<ProcessUse> processes = new ArrayList<>();
    if (cpu != null) {
      processes.add(new ProcessUse("target", m.pid(), m.comm(), m.cpus(), kernel, user,
          cpu.waitPercent()));
    }
    List<Finding> findings = new ArrayList<>();
    boolean busy = cpu != null && cpu.cpuPercent() >= 50;
    if (m.calls() != null && m.calls() == 0 && busy) {
      findings.add(Finding.of(FindingId.SLOW_UNIT, Severity.MEDIUM, String.format(Locale.ROOT,
          "no input finished in the %.2f s counting window while the target ran at %.0f%% of a"
              + " CPU: one input took at least %.2f s", m.countSeconds(), cpu.cpuPercent(),
          m.countSeconds())));
    } else if (m.log() != null && m.log().slowestUnitSeconds() != null
        && m.log().slowestUnitSeconds() >= SLOW_UNIT_SECONDS) {
      findings.add(Finding.of(FindingId.SLOW_UNIT, Severity.MEDIUM, String.format(Locale.ROOT,
          "its log reports a unit of %.0f s (Slowest unit)", m.log().slowestUnitSeconds())));
    }
    if (m.log() != null && m.log().crash() != null) {
      missing.add("its log reports a crash: " + m.log().crash());
    }
    boolean partial = !missing.isEmpty();
    if (partial) {
      findings.add(Finding.of(FindingId.PARTIAL_ATTACH, Severity.INFO,
          "partial report: " + String.join("; ", missing)));
    }
    findings.sort(Comparator.comparing(Finding::severity));
    String countedBy = m.calls() == null ? null : String.format(Locale.ROOT,
        "uprobe on %s (perf probe + perf stat on pid %d), %.2f s of the %.1f s attach",
        m.function(), m.pid(), m.countSeconds(), m.seconds());
    return new AttachReport(m.pid(), Mode.LIBFUZZER, m.seconds(), countedBy, m.countSeconds(),
        execs, null, m.calls(), null, List.of(), kernel, user, share, "process", null,
        cpu == null ? null : cpu.waitPercent(), perCore, processes, null, slowdown, findings,
        partial, missing, m.engine(), fromLog == null ? null : fromLog.execsPerSec(),
        m.logPath(), cost);
  }

  /**
   * What the uprobe cost, measured: each hit traps into the kernel, so the target's kernel time
   * while the probe counted, less what its kernel time over the rest of the attach would give
   * for that span, over the seconds the probe counted; percent of one CPU. A hit costs from
   * about 1 us to 17 us (bench/uprobe-cost.sh), depending on the instruction probed, so it is
   * measured, not estimated. Null when no probe ran; the resolution is one clock tick.
   */
  static Double uprobeCost(Measurements m) {
    if (m.calls() == null || m.windowEnd().isEmpty() || m.countSeconds() <= 0
        || m.windowSpan() <= 0 || m.seconds() <= m.windowSpan()) {
      return null;
    }
    TreeCpu window = CpuTime.tree(m.treeBefore(), m.windowEnd(), m.windowSpan(), m.hz());
    TreeCpu rest = CpuTime.tree(m.windowEnd(), m.treeAfter(), m.seconds() - m.windowSpan(),
        m.hz());
    if (window == null || rest == null) {
      return null;
    }
    double restRate = rest.systemTicks() / (m.seconds() - m.windowSpan());
    double extra = window.systemTicks() - restRate * m.windowSpan();
    return round1(Math.max(0, Math.min(100, 100 * extra / (m.countSeconds() * m.hz()))));
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
