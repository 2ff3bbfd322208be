package dev.fuzzprof.analyze.trace;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.Mode;
import java.util.List;

/**
 * What a syscall trace says about a fuzz target. Field names are the JSON keys of
 * {@code fuzzprof analyze --format json}: keep them stable.
 *
 * @param mode how cases are run, found from the trace
 * @param cases whole cases found (a partial first and last case are not counted)
 * @param syscallsPerCase the counted processes' syscalls per case, mean over whole cases
 * @param caseLength the spread of syscalls per case
 * @param signature the ordered sequence most cases follow
 * @param perSyscall every syscall seen, commonest first
 * @param processes the traced processes, grouped by role
 * @param kernelMicrosPerCase time inside syscalls per case (strace -T / perf trace), else null
 * @param casesPerSecond cases over the traced time, while being traced (tracing slows the
 *     target down), else null
 * @param tracedSeconds time from the first to the last whole case, else null
 * @param input what was read and what was skipped
 * @param findings what to change, most important first
 */
public record TraceReport(
    Mode mode,
    long cases,
    double syscallsPerCase,
    Distribution caseLength,
    Signature signature,
    List<SyscallStat> perSyscall,
    List<ProcessGroup> processes,
    Double kernelMicrosPerCase,
    Double casesPerSecond,
    Double tracedSeconds,
    InputSummary input,
    List<Finding> findings) {

  public TraceReport {
    perSyscall = List.copyOf(perSyscall);
    processes = List.copyOf(processes);
    findings = List.copyOf(findings);
  }


  /** Syscalls per case: mean, median, 99th percentile, min and max. */
  public record Distribution(double mean, int median, int p99, int min, int max) {}

  /**
   * @param calls the syscall names in order
   * @param share the fraction of cases that follow exactly this sequence
   * @param distinct how many different sequences the cases followed
   */
  public record Signature(List<String> calls, double share, int distinct) {
    public Signature {
      calls = List.copyOf(calls);
    }
  }

  /**
   * @param calls calls in the whole trace, all processes
   * @param errors of those, how many failed
   * @param perCase calls inside whole cases, per case
   * @param kernelMicros time inside this syscall over the whole trace, null if untimed
   * @param example the arguments of one call, as printed (cut to 100 characters)
   */
  public record SyscallStat(
      String name, long calls, long errors, double perCase, Long kernelMicros, String example) {}

  /**
   * @param role {@code target} (persistent loop), {@code forkserver} (forks or resumes the
   *     target per case), {@code child} (a process per case), {@code other}
   * @param pids how many processes had this role
   * @param examplePids up to five of them
   * @param syscalls their syscalls in the whole trace
   * @param perCase those syscalls divided by the number of whole cases
   */
  public record ProcessGroup(
      String role, int pids, List<Integer> examplePids, long syscalls, double perCase) {
    public ProcessGroup {
      examplePids = List.copyOf(examplePids);
    }
  }

  /**
   * @param lines lines read
   * @param events events parsed
   * @param skippedLines lines not understood, skipped
   * @param endsMidLine the trace was cut in the middle of a line
   * @param partial true when anything above means the report covers less than the whole input
   */
  public record InputSummary(
      String format, long lines, long events, long skippedLines, boolean endsMidLine,
      boolean partial) {}
}
