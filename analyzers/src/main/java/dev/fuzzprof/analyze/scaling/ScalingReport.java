package dev.fuzzprof.analyze.scaling;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.parse.afl.PlotPoint;
import java.util.List;

/**
 * The answer of {@code fuzzprof scaling-report}. Component names are the JSON keys; null means
 * "not measured" (e.g. CPU figures of a finished campaign).
 *
 * @param cumulativeExecsPerSec the sum over {@code counted} instances
 * @param counted which instances the sum covers, in words
 * @param busyCpus CPUs more than 50 % non-idle over the sample window
 * @param idleCpus the other online CPUs (empty when not sampled)
 * @param kernelPercent system share of all non-idle time over the window
 * @param scalingEfficiency cumulative / (baseline x counted instances), 1.0 = linear
 */
public record ScalingReport(
    String source, List<InstanceRow> instances, int alive, int dead, int stale,
    double cumulativeExecsPerSec, String counted, List<Integer> cpusOnline,
    List<Integer> busyCpus, List<Integer> idleCpus, List<Collision> collisions,
    List<CoreUse> perCore, Double kernelPercent, Double sampleSeconds,
    BaselineUsed baseline, Double scalingEfficiency, List<Finding> findings, List<String> notes) {

  /**
   * One instance.
   *
   * @param role main (-M), secondary (-S), single, or unknown
   * @param cpus where its afl-fuzz and target may run (Cpus_allowed_list), empty when dead
   * @param lastCpu the CPU afl-fuzz last ran on
   * @param cpuPercent CPU time of afl-fuzz and its target over the window, 100 = one CPU
   * @param kernelPercent system share of that time
   * @param waitPercent run-queue wait over the window (schedstat), 100 = waited all along
   * @param execsOverTime plot_data's execs/s, at most 200 points
   */
  public record InstanceRow(
      String name, String role, Integer pid, boolean alive, String status,
      Double execsPerSec, Long execsDone, Long runTime, Long savedCrashes, Long corpusCount,
      Double stability, List<Integer> cpus, Integer lastCpu, Double cpuPercent,
      Double kernelPercent, Double waitPercent, List<PlotPoint> execsOverTime) {}

  /** A CPU that two or more live instances are bound to. */
  public record Collision(int cpu, List<String> instances) {}

  /** One CPU over the sample window, in percent of its time. */
  public record CoreUse(
      int cpu, double userPercent, double systemPercent, double idlePercent,
      double stealPercent, boolean busy, List<String> instances, List<Integer> siblings) {}

  /**
   * @param source given (--baseline), baseline-dir, or estimate
   * @param how one sentence saying how it was obtained
   */
  public record BaselineUsed(double execsPerSec, String source, String how) {}
}
