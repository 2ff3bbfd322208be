package dev.fuzzprof.analyze.trace;

import dev.fuzzprof.analyze.FindingId;
import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.Severity;
import dev.fuzzprof.analyze.Mode;
import dev.fuzzprof.analyze.trace.TraceReport.SyscallStat;
import dev.fuzzprof.parse.ParseStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns a trace report's figures into findings. Pure: figures in, findings out. */
public final class TraceFindings {
  /** A syscall "happens every case" when it occurs at least this often per case. */
  static final double EVERY_CASE = 0.9;

  private TraceFindings() {}

  public static List<Finding> evaluate(TraceReport r, ParseStats stats) {
    List<Finding> out = new ArrayList<>();
    double perCase = r.syscallsPerCase();
    switch (r.mode()) {
      case FORKSERVER -> out.add(Finding.of(FindingId.NOT_PERSISTENT, Severity.HIGH, String.format(
          Locale.ROOT, "every case is a new process forked by the fork server: %.1f syscalls per"
              + " case, most of them process start-up and exit (%s)",
          perCase, top(r, s -> !SyscallKinds.INPUT_IO.contains(s.name()), 6))));
      case EXEC -> out.add(Finding.of(FindingId.NOT_PERSISTENT, Severity.HIGH, String.format(
          Locale.ROOT, "every case execs the target anew (execve per case, %.1f syscalls per"
              + " case): run with the fork server and persistent mode", perCase)));
      case UNKNOWN -> out.add(Finding.of(FindingId.NO_CASES, Severity.MEDIUM,
          "no repeating fuzz case found: no process stops itself with SIGSTOP (persistent mode)"
              + " and no process is created and exits per case"));
      default -> { }
    }
    if (r.cases() > 0) {
      inputFinding(r).ifPresent(out::add);
      allocationFinding(r).ifPresent(out::add);
      if (r.mode() == Mode.PERSISTENT || r.mode() == Mode.SHMEM) {
        unexpectedFinding(r).ifPresent(out::add);
      }
      if (r.cases() >= 10 && r.signature().share() < 0.5) {
        out.add(Finding.of(FindingId.UNSTABLE_PATTERN, Severity.LOW, String.format(Locale.ROOT,
            "only %.0f%% of cases follow the commonest sequence; %d different sequences seen",
            100 * r.signature().share(), r.signature().distinct())));
      }
      if (r.cases() < 10) {
        out.add(Finding.of(FindingId.FEW_CASES, Severity.INFO, String.format(Locale.ROOT,
            "only %d whole case%s in the trace: the figures are rough", r.cases(),
            r.cases() == 1 ? "" : "s")));
      }
    }
    if (r.input().partial()) {
      List<String> what = new ArrayList<>();
      if (stats.skippedLines() > 0) {
        what.add(stats.skippedLines() + " line" + (stats.skippedLines() == 1 ? "" : "s")
            + " not understood and skipped (first: "
            + stats.skippedExamples().get(0).strip() + ")");
      }
      if (stats.endsMidLine()) {
        what.add("the trace ends in the middle of a line");
      }
      out.add(Finding.of(FindingId.PARTIAL_TRACE, Severity.INFO,
          "partial input: " + String.join("; ", what)));
    }
    return out;
  }

  private static java.util.Optional<Finding> inputFinding(TraceReport r) {
    double opens = sum(r, SyscallKinds.INPUT_OPENS);
    double reads = sum(r, SyscallKinds.INPUT_READS);
    if (reads < EVERY_CASE) {
      return java.util.Optional.empty();
    }
    double io = sum(r, SyscallKinds.INPUT_IO);
    String calls = top(r, s -> SyscallKinds.INPUT_IO.contains(s.name()), 5);
    String example = r.perSyscall().stream()
        .filter(s -> SyscallKinds.INPUT_OPENS.contains(s.name()) && s.example() != null)
        .map(SyscallStat::example).findFirst().map(e -> ", e.g. " + e).orElse("");
    String how = opens >= EVERY_CASE
        ? "each case opens and reads its input from a file"
        : "each case reads its input from a file descriptor (stdin or an open file)";
    Severity severity = r.mode() == Mode.FORKSERVER || r.mode() == Mode.EXEC
        ? Severity.MEDIUM : Severity.HIGH;
    return java.util.Optional.of(Finding.of(FindingId.FILE_INPUT, severity, String.format(
        Locale.ROOT, "%s: %.1f of %.1f syscalls per case (%s)%s", how, io,
        r.syscallsPerCase(), calls, example)));
  }

  private static java.util.Optional<Finding> allocationFinding(TraceReport r) {
    double alloc = sum(r, SyscallKinds.ALLOCATION);
    if (alloc < 0.5) {
      return java.util.Optional.empty();
    }
    String calls = top(r, s -> SyscallKinds.ALLOCATION.contains(s.name()), 4);
    if (r.mode().processPerCase()) {
      // each case is a new process: these calls are malloc setting up its heap in that process,
      // and no buffer "outside the loop" can save them; only persistent mode does
      return java.util.Optional.of(Finding.of(FindingId.PER_CASE_ALLOCATION, Severity.LOW,
          String.format(Locale.ROOT, "%.1f memory syscalls per case (%s): every case is a new"
              + " process whose allocator sets up its heap again", alloc, calls),
          "Use persistent mode (__AFL_LOOP): one process keeps its heap across cases, so these"
              + " calls happen once instead of every case."));
    }
    return java.util.Optional.of(Finding.of(FindingId.PER_CASE_ALLOCATION, Severity.MEDIUM,
        String.format(Locale.ROOT, "%.1f memory syscalls per case (%s): memory is taken from and"
            + " given back to the kernel while cases run", alloc, calls)));
  }

  private static java.util.Optional<Finding> unexpectedFinding(TraceReport r) {
    List<SyscallStat> odd = r.perSyscall().stream()
        .filter(s -> s.perCase() >= EVERY_CASE)
        .filter(s -> !SyscallKinds.INPUT_IO.contains(s.name())
            && !SyscallKinds.HANDSHAKE.contains(s.name())
            && !SyscallKinds.ALLOCATION.contains(s.name()))
        .toList();
    if (odd.isEmpty()) {
      return java.util.Optional.empty();
    }
    double n = odd.stream().mapToDouble(SyscallStat::perCase).sum();
    return java.util.Optional.of(Finding.of(FindingId.UNEXPECTED_SYSCALLS, Severity.MEDIUM,
        String.format(Locale.ROOT, "%.1f syscalls per case that are neither input, handshake nor"
            + " memory: %s", n, odd.stream().map(TraceFindings::perCaseLabel)
            .collect(Collectors.joining(", ")))));
  }

  private static double sum(TraceReport r, Set<String> names) {
    return r.perSyscall().stream().filter(s -> names.contains(s.name()))
        .mapToDouble(SyscallStat::perCase).sum();
  }

  private static String top(TraceReport r, java.util.function.Predicate<SyscallStat> which,
      int limit) {
    return r.perSyscall().stream().filter(s -> s.perCase() >= 0.05).filter(which)
        .sorted(Comparator.comparingDouble(SyscallStat::perCase).reversed())
        .limit(limit).map(TraceFindings::perCaseLabel).collect(Collectors.joining(", "));
  }

  private static String perCaseLabel(SyscallStat s) {
    return String.format(Locale.ROOT, "%s x%s", s.name(), trim(s.perCase()));
  }

  static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.1f", v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }
}
