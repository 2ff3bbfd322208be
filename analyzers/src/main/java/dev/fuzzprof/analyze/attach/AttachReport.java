package dev.fuzzprof.analyze.attach;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.Engine;
import dev.fuzzprof.analyze.Mode;
import dev.fuzzprof.analyze.campaign.CoreUse;
import java.util.List;

/**
 * What {@code fuzzprof attach} measured on a live target. Field names are the JSON keys of
 * {@code --format json}: keep them stable. A null figure means "not measured" (see
 * {@code missing}).
 *
 * @param pid the pid the user gave
 * @param mode {@code persistent}, {@code shmem}, {@code forkserver}, {@code exec}, {@code plain}
 *     (no case boundary seen) or {@code unknown}: the same words as {@code analyze}
 * @param seconds the counted window
 * @param countedBy how cases and syscalls were counted (the perf command's scope), or null
 * @param syscallSampleSeconds how long syscalls were counted: a short sample at the start, since
 *     syscall tracepoints slow every syscall on the CPU; cases are counted for all of seconds
 * @param execsPerSec cases per second over the counted window, while not traced
 * @param aflExecsPerSec AFL's own counters, a cross-check: total_execs over plot_data rows 10 s
 *     apart, else execs_done / run_time after the first minute; null before
 * @param cases cases counted (SIGSTOPs of the target, or forks of the fork server)
 * @param syscallsPerCase the target's counted syscalls / cases
 * @param perSyscall syscalls counted in the sample, commonest first ({@code other}: the rest)
 * @param kernelPercent the target's system time, percent of one CPU (as pidstat %system); the
 *     fork server and all the children it ran, replaced and reaped ones included
 * @param userPercent the target's user time, percent of one CPU (as pidstat %usr)
 * @param kernelShare the kernel's share of the target's CPU time, 0-100: the figure
 *     scaling-report calls an instance's kernelPercent
 * @param kernelSource where the user/kernel split came from: {@code cpu} (/proc/stat of CPUs
 *     the campaign has to itself) or {@code perf} (CPU-clock samples of the
 *     target's processes, when it shares its CPUs) or {@code process} (the processes'
 *     utime/stime, which put the time of short-lived children in user)
 * @param contextSwitchesPerCase the target's context switches per case
 * @param runQueueWaitPercent the target's time waiting for a CPU, percent of the window
 * @param perCore each CPU's time split over the window
 * @param processes the campaign's processes with their roles
 * @param window the strace pattern sample, or null with --no-trace or when it failed
 * @param observerSlowdown counted cases/s outside the strace window / cases/s inside it
 * @param findings what to change, most important first
 * @param partial true when something could not be measured or the target exited
 * @param missing what could not be measured, and why
 * @param engine {@code afl} when afl-fuzz runs the target, {@code libfuzzer} for an in-process
 *     fuzzer, null for a plain process
 * @param logExecsPerSec libFuzzer's own exec/s from its log (the cross-check), or null
 * @param log the libFuzzer log read, or null
 * @param observerCostPercent the counting's own cost, percent of one CPU during its window:
 *     the target's extra kernel time while the uprobe counted (every hit traps into the
 *     kernel); null when no uprobe ran
 */
public record AttachReport(
    int pid,
    Mode mode,
    double seconds,
    String countedBy,
    double syscallSampleSeconds,
    Double execsPerSec,
    Double aflExecsPerSec,
    Long cases,
    Double syscallsPerCase,
    List<SyscallCount> perSyscall,
    Double kernelPercent,
    Double userPercent,
    Double kernelShare,
    String kernelSource,
    Double contextSwitchesPerCase,
    Double runQueueWaitPercent,
    List<CoreUse> perCore,
    List<ProcessUse> processes,
    Window window,
    Double observerSlowdown,
    List<Finding> findings,
    boolean partial,
    List<String> missing,
    Engine engine,
    Double logExecsPerSec,
    String log,
    Double observerCostPercent) {

  public AttachReport {
    perSyscall = List.copyOf(perSyscall);
    perCore = List.copyOf(perCore);
    processes = List.copyOf(processes);
    findings = List.copyOf(findings);
    missing = List.copyOf(missing);
  }

  /** One syscall's count over the window and per case (null when cases are unknown). */
  public record SyscallCount(String name, long calls, Double perCase) {}

  /**
   * @param role {@code fuzzer}, {@code forkserver}, {@code target}
   * @param cpus where the scheduler may run it (Cpus_allowed_list)
   * @param kernelPercent system time, percent of one CPU; for a fork server in fork-server mode
   *     its reaped per-case children are included
   * @param userPercent user time, likewise
   * @param runQueueWaitPercent time waiting for a CPU, percent of the window, or null
   */
  public record ProcessUse(String role, int pid, String comm, List<Integer> cpus,
      double kernelPercent, double userPercent, Double runQueueWaitPercent) {
    public ProcessUse {
      cpus = List.copyOf(cpus);
    }
  }

  /**
   * The strace pattern sample, analyzed as {@code fuzzprof analyze} would.
   *
   * @param seconds how long strace was attached
   * @param cases whole cases in the sample
   * @param casesPerSecond cases per second while traced
   * @param syscallsPerCase from the trace
   * @param signature the per-case sequence most cases follow
   * @param examples one call of each kind, with its arguments
   */
  public record Window(double seconds, long cases, Double casesPerSecond, double syscallsPerCase,
      List<String> signature, List<String> examples) {
    public Window {
      signature = List.copyOf(signature);
      examples = List.copyOf(examples);
    }
  }
}
