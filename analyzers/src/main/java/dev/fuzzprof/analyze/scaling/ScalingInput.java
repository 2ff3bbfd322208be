package dev.fuzzprof.analyze.scaling;

import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.PlotData;
import dev.fuzzprof.parse.proc.PidStat;
import dev.fuzzprof.parse.proc.PidStatus;
import dev.fuzzprof.parse.proc.ProcStat;
import dev.fuzzprof.parse.proc.Schedstat;
import dev.fuzzprof.parse.sys.CpuTopology;
import java.util.List;

/**
 * Everything a scaling report is computed from; no files, processes or clocks behind it.
 *
 * @param source what was read (the output directory, or the snapshot)
 * @param topology null when /sys could not be read (then CPUs are taken from /proc/stat)
 * @param before /proc/stat at the start of the sample window; null when not sampled
 * @param after /proc/stat at its end; null when not sampled
 * @param sampleSeconds the window's length (from /proc/uptime), 0 when not sampled
 * @param now the time of the report, epoch seconds (for stale fuzzer_stats)
 * @param baseline a single instance's execs/s from the user, or null to estimate one
 */
public record ScalingInput(
    String source, List<Instance> instances, CpuTopology topology, ProcStat before,
    ProcStat after, double sampleSeconds, long now, Baseline baseline, List<String> notes) {

  /**
   * One instance folder, and its processes when it is alive.
   *
   * @param stats null when fuzzer_stats is missing
   * @param plot null when plot_data is missing
   * @param commandLine the afl-fuzz command line (fuzzer_stats or fuzzer_setup), or null
   * @param before the afl-fuzz process and its descendants at the window's start; null when
   *     the instance is not alive
   * @param after the same at the window's end
   * @param note why the instance counts as dead, e.g. its pid now belongs to another program
   */
  public record Instance(
      String name, FuzzerStats stats, PlotData plot, String commandLine, List<Task> before,
      List<Task> after, String note) {

    public boolean alive() {
      return before != null && after != null && !before.isEmpty() && !after.isEmpty();
    }
  }

  /** One process of an instance: afl-fuzz first, then the fork server and target. */
  public record Task(PidStat stat, PidStatus status, Schedstat schedstat) {}

  /** A single instance's execs/s, and where it came from (shown in the report). */
  public record Baseline(double execsPerSec, String source) {}
}
