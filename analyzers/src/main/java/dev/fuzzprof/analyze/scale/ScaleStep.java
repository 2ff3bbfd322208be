package dev.fuzzprof.analyze.scale;

import java.util.List;

/**
 * One step of the curve: that many instances, measured over the step. Component names are the
 * JSON keys (as in scaling-report: execsPerSec, scalingEfficiency, kernelPercent, cpus).
 *
 * @param execsPerSec the cumulative rate of the step's instances, counted; null if none had one
 * @param scalingEfficiency execsPerSec / (instances x the baseline step's per-instance rate)
 * @param kernelPercent the system share of the CPU time the instances (afl-fuzz and target)
 *     received over the step, weighted by CPU; the share of all busy CPU time only when no
 *     instance had a figure
 * @param cpus the CPUs the instances were bound to
 * @param cpuPercent CPU the instances received, summed (100 = one CPU)
 * @param waitPercent the instances' mean run-queue wait, percent of the step
 * @param smtShared whether two instances ran on SMT siblings of one core
 * @param instanceRows each instance: its rate, CPU received, kernel share and wait
 * @param windowStartMillis when the measurement of the step began (epoch ms)
 * @param windowEndMillis when it ended
 */
public record ScaleStep(int instances, Double execsPerSec, Double scalingEfficiency,
    Double kernelPercent, List<Integer> cpus, Double cpuPercent, Double waitPercent,
    boolean smtShared, List<InstanceFigures> instanceRows, long windowStartMillis,
    long windowEndMillis, List<String> notes) {

  /** One instance of a step. */
  public record InstanceFigures(String name, Integer cpu, Double execsPerSec,
      Double cpuPercent, Double kernelPercent, Double waitPercent) {}

  ScaleStep withEfficiency(Double e) {
    return new ScaleStep(instances, execsPerSec, e, kernelPercent, cpus, cpuPercent,
        waitPercent, smtShared, instanceRows, windowStartMillis, windowEndMillis, notes);
  }
}
