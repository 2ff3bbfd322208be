package dev.fuzzprof.analyze.top;

import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.PlotPoint;
import dev.fuzzprof.parse.proc.PidStatus;
import java.util.List;

/**
 * A fuzzer instance at one moment.
 *
 * @param pid the afl-fuzz process, -1 when it is not running
 * @param status its /proc/PID/status (CPU binding); null when not running
 * @param processes afl-fuzz first, then its live descendants; empty when not running
 * @param stats its fuzzer_stats; null when there is none
 * @param lastPlot the newest plot_data row; null when there is none
 */
public record InstanceSample(
    String name, int pid, Role role, PidStatus status, List<ProcessSample> processes,
    FuzzerStats stats, PlotPoint lastPlot) {

  public boolean running() {
    return pid > 0 && !processes.isEmpty();
  }
}
