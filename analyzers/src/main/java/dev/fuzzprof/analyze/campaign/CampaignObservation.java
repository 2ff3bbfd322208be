package dev.fuzzprof.analyze.campaign;

import dev.fuzzprof.parse.afl.AflArgs;
import dev.fuzzprof.parse.afl.FuzzerSetup;
import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.PlotData;
import dev.fuzzprof.parse.perf.CpuSample;
import dev.fuzzprof.parse.proc.ProcStat;
import dev.fuzzprof.parse.proc.ProcessMoment;
import dev.fuzzprof.parse.sys.CpuTopology;
import dev.fuzzprof.parse.sys.Machine;
import dev.fuzzprof.analyze.Engine;
import dev.fuzzprof.parse.libfuzzer.LibFuzzerLog;
import java.util.List;

/**
 * Everything read about a campaign over one interval, before any arithmetic: the instances'
 * files, their process trees at both ends, /proc/stat at both ends, and the cases counted in the
 * kernel meanwhile. scaling-report, snapshot replays and every refresh of top make one.
 *
 * @param seconds the interval between the two readings; 0 when /proc was not sampled
 * @param hz USER_HZ (ticks per second of /proc times), read once from the system
 * @param topology null when /sys could not be read
 * @param now epoch seconds at the second reading (for stale fuzzer_stats)
 * @param baseline a single instance's execs/s from the user, or null to estimate one
 * @param cpuSamples CPU-clock samples taken during the interval (perf), or null
 * @param machine the machine's inventory (OSHI; recorded in snapshots), or null
 * @param observerPercent fuzzprof's own CPU over the interval (itself and the perf it ran),
 *     percent of one CPU: work on the CPUs that is not the campaign's, nor anybody else's
 */
public record CampaignObservation(
    String source, List<Instance> instances, ProcStat before, ProcStat after, double seconds,
    long hz, CpuTopology topology, long now, Baseline baseline, List<String> notes,
    List<CpuSample> cpuSamples, Machine machine, double observerPercent) {

  public CampaignObservation {
    instances = List.copyOf(instances);
    notes = List.copyOf(notes);
  }

  /** What became of the afl-fuzz process an instance's files name. */
  public enum Process {
    /** afl-fuzz ran at both readings (the same process). */
    LIVE,
    /** The pid is gone. */
    GONE,
    /** The pid belongs to another program now. */
    REUSED,
    /** afl-fuzz exited between the two readings. */
    EXITED,
    /** No pid known: no fuzzer_stats and no afl-fuzz writing to this folder. */
    NONE
  }

  /**
   * One instance folder.
   *
   * @param earlierStats an earlier, different write of fuzzer_stats (top keeps one), or null
   * @param args what the command line says (fuzzer_stats, fuzzer_setup, or the live argv)
   * @param setup fuzzer_setup, or null
   * @param pid the afl-fuzz pid (live, or as fuzzer_stats names it), or null
   * @param before the afl-fuzz tree at the first reading; empty unless LIVE
   * @param after the same at the second reading
   * @param counted cases counted in the kernel over the interval, or null
   * @param countedSeconds the window those cases were counted over
   * @param log a libFuzzer job's log (then {@code stats} and {@code plot} are null), or null
   */
  public record Instance(
      String name, String dir, FuzzerStats stats, FuzzerStats earlierStats, PlotData plot,
      AflArgs args, FuzzerSetup setup, Integer pid, Process process, List<ProcessMoment> before,
      List<ProcessMoment> after, Long counted, Double countedSeconds, LibFuzzerLog log) {
    public Instance {
      before = List.copyOf(before);
      after = List.copyOf(after);
    }

    /** An AFL instance folder. */
    public Instance(String name, String dir, FuzzerStats stats, FuzzerStats earlierStats,
        PlotData plot, AflArgs args, FuzzerSetup setup, Integer pid, Process process,
        List<ProcessMoment> before, List<ProcessMoment> after, Long counted,
        Double countedSeconds) {
      this(name, dir, stats, earlierStats, plot, args, setup, pid, process, before, after,
          counted, countedSeconds, null);
    }

    public Engine engine() {
      return log == null ? Engine.AFL : Engine.LIBFUZZER;
    }
  }

  /** A single instance's execs/s, and where it came from (shown in the report). */
  public record Baseline(double execsPerSec, String source, String how) {}
}
