package dev.fuzzprof.analyze.attach;

import dev.fuzzprof.analyze.Mode;
import dev.fuzzprof.analyze.campaign.TreeCpu;
import dev.fuzzprof.analyze.trace.TraceReport;
import dev.fuzzprof.parse.proc.PidStat;
import dev.fuzzprof.parse.proc.ProcStat;
import dev.fuzzprof.parse.proc.Schedstat;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code attach} read, before any arithmetic: /proc at the start and the end of the
 * counted window, the perf counts, the strace sample. {@link LiveAnalyzer} turns it into an
 * {@link AttachReport}.
 *
 * @param seconds how long perf counted (from its own enabled time)
 * @param procSeconds the time between the two /proc readings
 * @param cases counted cases, null when not counted
 * @param sampleCases cases counted during the syscall sample
 * @param sampleSeconds how long syscalls were counted (a short sample: syscall tracepoints cost)
 * @param targetSyscalls the target's syscalls counted in the sample, null when not counted
 * @param perSyscall counted syscalls by name (absent: not counted)
 * @param hz USER_HZ (ticks per second of /proc times)
 * @param window the strace sample analyzed, or null
 * @param targetCpu the target's CPU over the window: the fork server and every child it ran
 *     (replaced and reaped ones included), or the plain process; null when unknown
 * @param targetCpus where the target may run (Cpus_allowed_list)
 * @param stopped the target (or its afl-fuzz) stayed in State T at every look of the window
 * @param sampledKernelPercent the kernel's share of the target's CPU-clock samples (perf), or
 *     null when not sampled or too few samples
 */
public record LiveMeasurements(
    int pid, Mode mode, double seconds, double procSeconds, String countedBy, Long cases,
    Long sampleCases, double sampleSeconds, Long targetSyscalls,
    Map<String, Long> perSyscall, List<ProcessSample> processes, List<ProcessSample> others,
    ProcStat cpuStart, ProcStat cpuEnd, TraceReport window, Double windowSeconds,
    Double aflExecsPerSec, long hz, TreeCpu targetCpu, List<Integer> targetCpus,
    boolean stopped, Double sampledKernelPercent, List<String> missing) {

  /**
   * One process read at the start and the end of the window (end null: it exited).
   *
   * @param withChildren count reaped children's time too (a fork server's per-case children)
   */
  public record ProcessSample(String role, int pid, String comm, List<Integer> cpus,
      PidStat start, PidStat end, Schedstat schedStart, Schedstat schedEnd, long switchesStart,
      long switchesEnd, boolean withChildren) {}
}
