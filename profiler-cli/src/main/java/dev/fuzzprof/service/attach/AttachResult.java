package dev.fuzzprof.service.attach;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.fuzzprof.analyze.attach.AttachReport;
import dev.fuzzprof.analyze.flame.FlameReport.PathShare;
import dev.fuzzprof.acquire.proc.ProcFs;
import java.util.List;

/**
 * What {@code fuzzprof attach} hands its renderers: the measured report and, with
 * {@code --stacks}, the hottest kernel paths of a short profile. In JSON the report's keys come
 * first, flat, then {@code kernelPaths} (null when not asked for),
 * {@code kernelPathsMissing} (why the profile failed, else null) and what fuzzprof itself cost.
 *
 * @param observerCpuSeconds CPU time fuzzprof used from its start to the report: the JVM (start-up
 *     included) and the tools it ran and waited for (perf, strace), from /proc/self/stat's
 *     utime, stime, cutime and cstime; null when /proc could not be read. On a fuzzing box every
 *     one of these seconds is taken from the fuzzers.
 * @param observerSeconds wall time from fuzzprof's start to the report
 */
public record AttachResult(@JsonUnwrapped AttachReport report, List<PathShare> kernelPaths,
    String kernelPathsMissing, Double observerCpuSeconds, Double observerSeconds) {
  public AttachResult {
    kernelPaths = kernelPaths == null ? null : List.copyOf(kernelPaths);
  }

  /** The same result with what fuzzprof has cost until now. */
  AttachResult withObserverCost(ProcFs proc, long hz) {
    int self = (int) ProcessHandle.current().pid();
    Double cpu = proc.pidStat(self).map(s -> (s.utime() + s.stime() + s.childUtime()
        + s.childStime()) / (double) hz).map(v -> Math.round(v * 100) / 100.0).orElse(null);
    Double wall = ProcessHandle.current().info().startInstant()
        .map(t -> Math.round((System.currentTimeMillis() - t.toEpochMilli()) / 10.0) / 100.0)
        .orElse(null);
    return new AttachResult(report, kernelPaths, kernelPathsMissing, cpu, wall);
  }
}
