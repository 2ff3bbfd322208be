package dev.fuzzprof.analyze.campaign;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.parse.afl.PlotPoint;
import dev.fuzzprof.parse.afl.Role;
import dev.fuzzprof.parse.sys.Machine;
import dev.fuzzprof.analyze.Engine;
import java.util.List;

/**
 * What fuzzprof says about a campaign over one interval: the answer of {@code scaling-report},
 * one refresh of {@code top}, and what launch, scale and the exporter read. Component names are
 * the JSON keys; null means "not measured".
 *
 * @param cumulativeExecsPerSec the sum over {@code cumulativeInstances} instances; null when no
 *     instance has a rate
 * @param cumulativeInstances how many instances the sum covers
 * @param counted which instances the sum covers, in words
 * @param busyCpus CPUs busy over the interval ({@link Busy})
 * @param perCore each CPU's use over the interval
 * @param cpuMap each CPU: whether busy, the instances bound to it alone, its SMT siblings
 * @param kernelPercent system share of all busy CPU time
 * @param baseline the per-instance rate the efficiency divides by, or null
 * @param scalingEfficiency cumulative / (baseline x instances), 1.0 = linear; null without a
 *     baseline
 * @param machine what the machine has (CPU model, cores, SMT siblings, caches, NUMA, memory), or
 *     null when unknown
 * @param coreSeconds each CPU's cumulative user and system time since boot at the second
 *     reading (/proc/stat), for counters; empty when /proc/stat was not read
 */
public record CampaignReport(
    String source, List<InstanceRow> instances, int alive, int starting, int dead, int stale,
    int neverRan, Double cumulativeExecsPerSec, int cumulativeInstances, String counted,
    List<Integer> cpusOnline, List<Integer> busyCpus, List<Integer> idleCpus,
    List<Collision> collisions, List<CoreUse> perCore, List<CpuSlot> cpuMap,
    Double kernelPercent, Double sampleSeconds, BaselineUsed baseline, Double scalingEfficiency,
    List<Finding> findings, List<String> notes, Machine machine,
    List<CoreSeconds> coreSeconds) {

  /**
   * One instance over the interval.
   *
   * @param cpus where its afl-fuzz and target may run (Cpus_allowed_list); empty when not live
   * @param lastCpu the CPU afl-fuzz last ran on
   * @param execsSource where execsPerSec came from; null when unknown
   * @param execsSeconds the interval execsPerSec covers
   * @param cpuPercent CPU of afl-fuzz and its whole target tree (replaced and reaped children
   *     included), 100 = one CPU
   * @param kernelPercent system share of that time, 0-100
   * @param kernelSource {@code cpu} (/proc/stat of CPUs it has to itself), {@code perf} (CPU-clock
   *     samples of its processes over the sample, when it shares its CPUs) or {@code process}
   *     (its processes' own utime/stime: too low for fork-server children)
   * @param waitPercent run-queue wait, percent of the interval
   * @param busy whether it ran or waited for at least a fifth of a CPU ({@link Busy})
   * @param collided whether it shares a single bound CPU with another busy instance
   * @param execsOverTime execs/s over time for charts, at most 200 points: total_execs between
   *     plot_data rows at least 10 s apart (the instantaneous column only for AFL 2.5x), time in
   *     seconds since the campaign's first instance started, so curves of instances started
   *     later line up
   * @param dir the instance folder, or the libFuzzer log
   * @param engine {@code afl} (afl-fuzz: AFL++ or AFL 2.5x) or {@code libfuzzer}
   * @param totals the instance's cumulative counters and latest gauges, for exporters
   * @param coverage libFuzzer's {@code cov:} (coverage points), or null
   * @param features libFuzzer's {@code ft:} (features), or null
   * @param rssMb libFuzzer's {@code rss:} in MB, or null
   */
  public record InstanceRow(
      String name, Role role, Integer pid, boolean alive, InstanceStatus status,
      Double execsPerSec, ExecsSource execsSource, Double execsSeconds, Long execsDone,
      Long runTime, Long savedCrashes, Long corpusCount, Double stability, List<Integer> cpus,
      Integer lastCpu, Double cpuPercent, Double kernelPercent, String kernelSource,
      Double waitPercent, boolean busy, boolean collided, List<PlotPoint> execsOverTime,
      String dir, Engine engine, Totals totals, Long coverage, Long features, Long rssMb) {}

  /**
   * What an instance has done since it started, as counters (they only grow while it lives),
   * and its latest coverage. Null components are unknown.
   *
   * @param execs AFL's own execution counter, the newer of fuzzer_stats' execs_done (rewritten
   *     about once a minute) and plot_data's last total_execs (a row every 5 s): both are the
   *     same counter in AFL++, so the larger is the newer; null before AFL++ wrote either (its
   *     first minute)
   * @param lastUpdate fuzzer_stats' last_update, epoch seconds
   * @param cpu the CPU time of afl-fuzz and of its target tree; null unless the instance is live
   */
  public record Totals(Long execs, Long crashes, Long hangs, Long edgesFound, Long totalEdges,
      Long lastUpdate, CpuSeconds cpu) {}

  /**
   * Cumulative CPU seconds of one instance: afl-fuzz itself, and its target (the fork server,
   * every child it runs, and what reaped ones left in cutime/cstime).
   */
  public record CpuSeconds(double fuzzerUser, double fuzzerSystem, double targetUser,
      double targetSystem) {}

  /** One CPU's user (with nice) and system (with irq, softirq) seconds since boot. */
  public record CoreSeconds(int cpu, double userSeconds, double systemSeconds) {}

  /** Two or more busy instances bound to the same single CPU. */
  public record Collision(int cpu, List<String> instances) {}

  /** A CPU, whether it was busy, who is bound to it alone, and its SMT siblings. */
  public record CpuSlot(int cpu, boolean busy, List<String> instances, List<Integer> siblings) {}

  /**
   * @param source given (--baseline), baseline-dir, or estimate
   * @param how one sentence saying how it was obtained
   */
  public record BaselineUsed(double execsPerSec, String source, String how) {}
}
