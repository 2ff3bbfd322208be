package dev.fuzzprof.analyze.fleet;

import dev.fuzzprof.analyze.Finding;
import java.util.List;

/**
 * The scaling report across hosts: one row per Prometheus {@code instance} (an exporter, that
 * is a host) and the fleet's total. Figures unknown from the series are null.
 *
 * @param time the evaluation time, Unix seconds
 * @param windowSeconds the rate() window
 * @param hosts one row per host, by name
 * @param total the sum over hosts (kernelShare over all their CPU time)
 * @param exporterFindings the exporters' own findings (fuzzprof_finding)
 * @param findings the fleet's findings across hosts
 */
public record FleetReport(double time, double windowSeconds, List<Host> hosts, Host total,
    List<ExporterFinding> exporterFindings, List<Finding> findings) {

  /**
   * One host's (or the fleet's) figures.
   *
   * @param host Prometheus's instance label; "total" for the fleet
   * @param execsPerSec the sum of the instances' rate of fuzzprof_execs_total over the window
   * @param instances instances the exporter knows
   * @param live instances whose afl-fuzz runs (fuzzprof_up 1)
   * @param dead the others
   * @param stale live instances whose fuzzer_stats is older than {@link FleetAnalyzer#STALE_SECONDS}
   * @param cpusUsed CPUs' worth of CPU time afl-fuzz and its target used over the window
   * @param boundCpus the distinct CPUs live instances are bound to alone
   * @param collidedCpus CPUs two or more live instances are bound to
   * @param idleCpus CPUs the exporter watches (live instances may run on them) that were under
   *     half busy over the window; null when no CPU series were there
   * @param kernelShare system / (user + system) of the instances' CPU time, 0-1; null without it
   */
  public record Host(String host, double execsPerSec, int instances, int live, int dead,
      int stale, Double cpusUsed, List<Integer> boundCpus, List<Integer> collidedCpus,
      List<Integer> idleCpus, Double kernelShare) {}

  /** A fuzzprof_finding series: how many findings of this id one exporter gives now. */
  public record ExporterFinding(String host, String campaign, String id, String severity,
      int count) {}
}
