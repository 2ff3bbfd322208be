package dev.fuzzprof.analyze.compare;

import dev.fuzzprof.analyze.Finding;
import java.util.List;

/**
 * Two arms of trials compared on one metric at one point.
 *
 * @param metric edges, corpus, execs or crashes
 * @param metricWords what the values count: {@code edges found}
 * @param atSeconds the moment compared, seconds after each trial started; null: each trial's end
 * @param arms the two arms, A first
 * @param pValue two-sided Mann-Whitney U p-value
 * @param test how the p-value was found: {@code exact} or the normal approximation
 * @param u U of arm A (pairs it wins, plus half the ties)
 * @param a12 Vargha-Delaney A12: the chance a trial of A has the higher value than one of B
 * @param magnitude negligible, small, medium or large (|A12 - 0.5| at FuzzBench's thresholds)
 * @param verdict one line that says what the figures allow, no more
 * @param warnings what makes the comparison less fair or less certain, from the one catalog
 * @param notes how figures were derived where that is not obvious (AFL 2.5x coverage, ...)
 */
public record CompareReport(String metric, String metricWords, Long atSeconds, List<Arm> arms,
    double pValue, MannWhitney.Method test, double u, double a12,
    EffectSize.Magnitude magnitude, String verdict, List<Finding> warnings, List<String> notes) {

  public CompareReport {
    arms = List.copyOf(arms);
    warnings = List.copyOf(warnings);
    notes = List.copyOf(notes);
  }

  /**
   * One arm.
   *
   * @param trials how many trials
   * @param values each trial's value at the point compared, in the order given
   * @param perTrial each trial's value with where it came from
   * @param curve the median and quartiles of the trials over time (empty when a trial has no
   *     plot_data: a libFuzzer log), up to the shortest trial's end
   * @param cpuSeconds the median CPU seconds its trials received, measured while they ran
   *     ({@code compare --run}); null when a trial's CPU was not measured
   * @param perCpuSecond the metric per CPU-second received (each trial's value over its CPU
   *     seconds): median and quartiles; null when a CPU was not measured or with {@code --at}
   */
  public record Arm(String name, int trials, double median, double q1, double q3,
      List<Long> values, List<TrialValue> perTrial, List<CurvePoint> curve, Double cpuSeconds,
      Spread perCpuSecond) {
    public Arm {
      values = List.copyOf(values);
      perTrial = List.copyOf(perTrial);
      curve = List.copyOf(curve);
    }
  }

  /**
   * One trial.
   *
   * @param seconds how long it ran (its longest instance); null when not known
   * @param instances afl-fuzz instances (null for libFuzzer)
   * @param instanceSeconds seconds each instance ran, summed, up to the point compared: the CPU
   *     it could have had at most (null for libFuzzer)
   * @param cpuSeconds CPU seconds it received, measured from /proc while it ran (null: not
   *     measured, only {@code compare --run} measures it)
   * @param perCpuSecond value / cpuSeconds (null when not measured, or compared {@code --at})
   * @param cpus the CPUs it was bound to (empty when not known)
   */
  public record TrialValue(String name, long value, Long seconds, Integer instances,
      Double instanceSeconds, List<String> targets, List<String> seeds, Double cpuSeconds,
      Double perCpuSecond, List<Integer> cpus) {
    public TrialValue {
      targets = List.copyOf(targets);
      seeds = List.copyOf(seeds);
      cpus = List.copyOf(cpus);
    }
  }

  /** A median and its quartiles. */
  public record Spread(double median, double q1, double q3) {}

  /** The arm at one moment: seconds after its trials started. */
  public record CurvePoint(long time, double median, double q1, double q3) {}
}
