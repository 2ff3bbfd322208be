package dev.fuzzprof.analyze.compare;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.FindingId;
import dev.fuzzprof.analyze.Severity;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two arms of trials on one metric: each trial's value at the point compared, the arms'
 * quartiles and median curves, the Mann-Whitney U test, A12, a verdict that claims no more than
 * the test allows, and the warnings about fairness and certainty.
 */
public final class CompareAnalyzer {
  /** Trials per arm below which a comparison can only see large differences. */
  public static final int MIN_TRIALS = 10;
  /** The significance level of the verdict. */
  public static final double ALPHA = 0.05;
  /** Points of a median curve, at most. */
  static final int CURVE_POINTS = 200;
  /** Measured CPU: the arms' medians further apart than this (a share) is unequal CPU. */
  static final double CPU_APART = 0.1;
  /** Measured CPU: a trial that received less than this share of its instance-seconds. */
  static final double CPU_SHORT = 0.8;

  private CompareAnalyzer() {}

  /** One arm as given: its name and its trials, in order. */
  public record ArmInput(String name, List<Trial> trials) {
    public ArmInput {
      trials = List.copyOf(trials);
    }
  }

  /**
   * Compares {@code a} with {@code b}. Every trial must have a value at the point compared (the
   * service checks lengths and --at before, so that the user gets a one-line reason).
   *
   * @param atSeconds seconds after each trial's start, or null for each trial's end
   */
  public static CompareReport compare(ArmInput a, ArmInput b, Metric metric, Long atSeconds) {
    CompareReport.Arm armA = arm(a, metric, atSeconds);
    CompareReport.Arm armB = arm(b, metric, atSeconds);
    double[] va = armA.values().stream().mapToDouble(Long::doubleValue).toArray();
    double[] vb = armB.values().stream().mapToDouble(Long::doubleValue).toArray();
    MannWhitney test = MannWhitney.test(va, vb);
    EffectSize effect = EffectSize.of(test.u(), va.length, vb.length);
    List<Finding> warnings = warnings(a, b, armA, armB, metric, atSeconds);
    return new CompareReport(metric.toString(), metric.words(), atSeconds, List.of(armA, armB),
        test.pValue(), test.method(), test.u(), effect.a12(), effect.magnitude(),
        verdict(armA, armB, metric, atSeconds, test, effect), warnings, notes(a, b, metric));
  }

  /** The value a trial has at the point compared; null when it has none there. */
  public static Long value(Trial t, Metric m, Long atSeconds) {
    return atSeconds == null ? TrialFigures.atEnd(t, m) : TrialFigures.at(t, m, atSeconds);
  }

  static CompareReport.Arm arm(ArmInput in, Metric m, Long at) {
    List<Long> values = new ArrayList<>();
    List<CompareReport.TrialValue> per = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    List<Double> perCpu = new ArrayList<>();
    for (Trial t : in.trials()) {
      Long v = value(t, m, at);
      if (v == null) {
        throw new IllegalArgumentException(t.name() + " has no " + m.words() + " value");
      }
      values.add(v);
      Trial.Cpu c = t.cpu();
      Double perSecond = c == null || at != null || c.seconds() <= 0 ? null : v / c.seconds();
      if (c != null) {
        cpu.add(c.seconds());
      }
      if (perSecond != null) {
        perCpu.add(perSecond);
      }
      per.add(new CompareReport.TrialValue(t.name(), v, TrialFigures.length(t),
          TrialFigures.instances(t), TrialFigures.instanceSeconds(t, at),
          List.copyOf(TrialFigures.targets(t)), List.copyOf(TrialFigures.seeds(t)),
          c == null ? null : c.seconds(), perSecond, c == null ? List.of() : c.cpus()));
    }
    Quartiles q = Quartiles.of(values.stream().mapToDouble(Long::doubleValue).toArray());
    int n = in.trials().size();
    Double cpuMedian = cpu.size() == n && n > 0
        ? Quartiles.of(cpu.stream().mapToDouble(Double::doubleValue).toArray()).median() : null;
    CompareReport.Spread perCpuSecond = null;
    if (perCpu.size() == n && n > 0) {
      Quartiles p = Quartiles.of(perCpu.stream().mapToDouble(Double::doubleValue).toArray());
      perCpuSecond = new CompareReport.Spread(p.median(), p.q1(), p.q3());
    }
    return new CompareReport.Arm(in.name(), values.size(), q.median(), q.q1(), q.q3(), values,
        per, curve(in.trials(), m), cpuMedian, perCpuSecond);
  }

  /**
   * The arm's median and quartiles over time, from 0 to its shortest trial's end, at most
   * {@link #CURVE_POINTS} moments; a moment where a trial has no value yet (before its first
   * plot_data row) is left out. Empty when a trial has no plot_data.
   */
  static List<CompareReport.CurvePoint> curve(List<Trial> trials, Metric m) {
    Long shortest = null;
    for (Trial t : trials) {
      Long len = TrialFigures.length(t);
      if (!TrialFigures.hasCurve(t) || len == null) {
        return List.of();
      }
      shortest = shortest == null ? len : Math.min(shortest, len);
    }
    List<CompareReport.CurvePoint> out = new ArrayList<>();
    if (shortest == null) {
      return out;
    }
    long step = Math.max(1, (shortest + CURVE_POINTS - 1) / CURVE_POINTS);
    Set<Long> times = new TreeSet<>();
    for (long t = 0; t <= shortest; t += step) {
      times.add(t);
    }
    times.add(shortest);
    for (long t : times) {
      double[] v = new double[trials.size()];
      boolean all = true;
      for (int i = 0; i < trials.size() && all; i++) {
        Long x = TrialFigures.at(trials.get(i), m, t);
        all = x != null;
        v[i] = all ? x : 0;
      }
      if (all) {
        Quartiles q = Quartiles.of(v);
        out.add(new CompareReport.CurvePoint(t, q.median(), q.q1(), q.q3()));
      }
    }
    return out;
  }

  static String verdict(CompareReport.Arm a, CompareReport.Arm b, Metric m, Long at,
      MannWhitney test, EffectSize e) {
    String when = at == null ? "at the end" : "at " + seconds(at);
    String stats = String.format(Locale.ROOT, "%s (Mann-Whitney U, %s), A12 = %.2f (%s)",
        p(test.pValue()), test.method(), e.a12(), e.magnitude());
    if (test.pValue() <= ALPHA) {
      boolean aHigher = e.a12() > 0.5;
      CompareReport.Arm hi = aHigher ? a : b;
      CompareReport.Arm lo = aHigher ? b : a;
      return hi.name() + " had more " + m.words() + " than " + lo.name() + " " + when
          + " in these trials (median " + num(hi.median()) + " vs " + num(lo.median()) + "): "
          + stats + (e.magnitude() == EffectSize.Magnitude.NEGLIGIBLE
              ? "; significant, but the difference is negligible in size" : "");
    }
    return "no significant difference in " + m.words() + " between " + a.name() + " and "
        + b.name() + " " + when + " (median " + num(a.median()) + " vs " + num(b.median()) + "): "
        + stats + "; these " + a.trials() + " and " + b.trials()
        + " trials do not tell them apart, which does not show they are equal";
  }

  static List<Finding> warnings(ArmInput a, ArmInput b, CompareReport.Arm armA,
      CompareReport.Arm armB, Metric m, Long at) {
    List<Finding> out = new ArrayList<>();
    if (armA.trials() < MIN_TRIALS || armB.trials() < MIN_TRIALS) {
      out.add(Finding.of(FindingId.FEW_TRIALS, FindingId.FEW_TRIALS.severity(),
          armA.name() + " has " + armA.trials() + " trial(s), " + armB.name() + " "
              + armB.trials() + ": fewer than " + MIN_TRIALS + " per arm"));
    }
    if (at == null) {
      lengths(armA, armB, out);
    }
    seeds(a, b, out);
    targets(a, b, out);
    if (m == Metric.CRASHES) {
      out.add(Finding.of(FindingId.CRASHES_METRIC, FindingId.CRASHES_METRIC.severity(),
          "compared on saved crashes: many crash the same way (AFL's unique crashes are unique"
              + " paths, not bugs), they are sparse, and one lucky trial moves the result"));
    }
    cpu(armA, armB, out);
    return out;
  }

  private static void lengths(CompareReport.Arm a, CompareReport.Arm b, List<Finding> out) {
    CompareReport.TrialValue shortest = null;
    CompareReport.TrialValue longest = null;
    for (CompareReport.Arm arm : List.of(a, b)) {
      for (CompareReport.TrialValue t : arm.perTrial()) {
        if (t.seconds() == null) {
          continue;
        }
        shortest = shortest == null || t.seconds() < shortest.seconds() ? t : shortest;
        longest = longest == null || t.seconds() > longest.seconds() ? t : longest;
      }
    }
    if (shortest == null) {
      return;
    }
    long d = longest.seconds() - shortest.seconds();
    if (d > Math.max(5, 0.05 * longest.seconds())) {
      out.add(Finding.of(FindingId.UNEQUAL_LENGTH, FindingId.UNEQUAL_LENGTH.severity(),
          "the trials ran from " + seconds(shortest.seconds()) + " (" + shortest.name() + ") to "
              + seconds(longest.seconds()) + " (" + longest.name() + "), and are compared at"
              + " their ends: a longer trial has had more time to find more",
          libFuzzer(a) || libFuzzer(b)
              ? "Run every trial for the same time (afl-fuzz -V SECONDS, libFuzzer"
                  + " -max_total_time=SECONDS): a libFuzzer log has final values only, so --at"
                  + " cannot line it up."
              : "Compare at one time every trial reached: --at " + shortest.seconds() + "s (the"
                  + " shortest trial), or run every trial for the same time (afl-fuzz -V"
                  + " SECONDS)."));
    }
  }

  /** libFuzzer trials are the ones without an instance count. */
  private static boolean libFuzzer(CompareReport.Arm arm) {
    return arm.perTrial().stream().anyMatch(t -> t.instances() == null);
  }

  private static void seeds(ArmInput a, ArmInput b, List<Finding> out) {
    Set<String> sa = union(a, true);
    Set<String> sb = union(b, true);
    Set<String> all = new TreeSet<>(sa);
    all.addAll(sb);
    if (all.size() > 1) {
      out.add(Finding.of(FindingId.DIFFERENT_SEEDS, FindingId.DIFFERENT_SEEDS.severity(),
          "the trials name " + all.size() + " seed directories (-i): " + a.name() + " "
              + list(sa) + ", " + b.name() + " " + list(sb) + " (fuzzprof sees the paths in"
              + " fuzzer_setup, not what was in them)"));
    }
  }

  private static void targets(ArmInput a, ArmInput b, List<Finding> out) {
    for (ArmInput arm : List.of(a, b)) {
      Set<String> per = new LinkedHashSet<>();
      for (Trial t : arm.trials()) {
        TreeSet<String> ts = TrialFigures.targets(t);
        if (!ts.isEmpty()) {
          per.add(String.join(" + ", ts));
        }
      }
      if (per.size() > 1) {
        out.add(Finding.of(FindingId.DIFFERENT_TARGETS, FindingId.DIFFERENT_TARGETS.severity(),
            "the trials of " + arm.name() + " fuzz different targets: " + list(per)));
        return;
      }
    }
    Set<String> ta = union(a, false);
    Set<String> tb = union(b, false);
    if (!ta.isEmpty() && !tb.isEmpty() && !ta.equals(tb)) {
      out.add(Finding.of(FindingId.DIFFERENT_TARGETS, Severity.INFO,
          a.name() + " fuzzes " + list(ta) + ", " + b.name() + " " + list(tb)
              + ": expected when the build is what you compare, unfair otherwise"));
    }
  }

  private static void cpu(CompareReport.Arm a, CompareReport.Arm b, List<Finding> out) {
    Set<Integer> ia = instanceCounts(a);
    Set<Integer> ib = instanceCounts(b);
    if (ia.isEmpty() || ib.isEmpty()) {
      return; // libFuzzer: its jobs and workers are not in the log
    }
    if (!ia.equals(ib) || ia.size() > 1) {
      out.add(Finding.of(FindingId.UNEQUAL_CPU, FindingId.UNEQUAL_CPU.severity(),
          "instances per trial: " + a.name() + " " + list(ia) + ", " + b.name() + " "
              + list(ib) + ": each instance can use a CPU of its own, so the arms did not"
              + " have the same CPU"));
      return;
    }
    if (a.cpuSeconds() != null && b.cpuSeconds() != null) {
      measured(a, b, out);
      return;
    }
    double ma = medianInstanceSeconds(a);
    double mb = medianInstanceSeconds(b);
    if (ma > 0 && mb > 0 && Math.max(ma, mb) / Math.min(ma, mb) > 1.1) {
      out.add(Finding.of(FindingId.UNEQUAL_CPU, Severity.MEDIUM, String.format(Locale.ROOT,
          "median instance-seconds up to the point compared: %s %s, %s %s (%.0f%% apart);"
              + " instance-seconds are the most CPU a trial could have had, the files do not"
              + " say how much it got", a.name(), num(ma), b.name(), num(mb),
          100 * (Math.max(ma, mb) / Math.min(ma, mb) - 1))));
    }
  }

  /**
   * Every trial's CPU was measured: the arms' median CPU seconds more than
   * {@link #CPU_APART} apart is unequal CPU, whatever the instance-seconds say; so is a trial that
   * received less than {@link #CPU_SHORT} of the CPU its instances could have had (another
   * process shared its CPUs).
   */
  private static void measured(CompareReport.Arm a, CompareReport.Arm b, List<Finding> out) {
    double ma = a.cpuSeconds();
    double mb = b.cpuSeconds();
    if (ma > 0 && mb > 0 && Math.max(ma, mb) / Math.min(ma, mb) > 1 + CPU_APART) {
      out.add(Finding.of(FindingId.UNEQUAL_CPU, Severity.MEDIUM, String.format(Locale.ROOT,
          "median CPU seconds received (measured from /proc while the trials ran): %s %s, %s"
              + " %s (%.0f%% apart)", a.name(), num1(ma), b.name(), num1(mb),
          100 * (Math.max(ma, mb) / Math.min(ma, mb) - 1))));
    }
    List<String> short_ = new ArrayList<>();
    for (CompareReport.Arm arm : List.of(a, b)) {
      for (CompareReport.TrialValue t : arm.perTrial()) {
        if (t.cpuSeconds() != null && t.instanceSeconds() != null && t.instanceSeconds() > 0
            && t.cpuSeconds() < CPU_SHORT * t.instanceSeconds()) {
          short_.add(String.format(Locale.ROOT, "%s %s s of %s", t.name(), num1(t.cpuSeconds()),
              num(t.instanceSeconds())));
        }
      }
    }
    if (!short_.isEmpty()) {
      out.add(Finding.of(FindingId.UNEQUAL_CPU, Severity.MEDIUM, short_.size()
          + " trial(s) received less than " + Math.round(CPU_SHORT * 100) + "% of the CPU their"
          + " instances could have had (CPU seconds of instance-seconds): " + String.join(", ",
              short_.size() <= 3 ? short_ : short_.subList(0, 3))
          + (short_.size() > 3 ? " and " + (short_.size() - 3) + " more" : "")
          + "; something else ran on their CPUs"));
    }
  }

  private static String num1(double v) {
    return String.format(Locale.ROOT, "%,.1f", v);
  }

  private static Set<Integer> instanceCounts(CompareReport.Arm arm) {
    Set<Integer> out = new TreeSet<>();
    for (CompareReport.TrialValue t : arm.perTrial()) {
      if (t.instances() != null) {
        out.add(t.instances());
      }
    }
    return out;
  }

  private static double medianInstanceSeconds(CompareReport.Arm arm) {
    double[] v = arm.perTrial().stream().filter(t -> t.instanceSeconds() != null)
        .mapToDouble(CompareReport.TrialValue::instanceSeconds).toArray();
    return v.length == 0 ? 0 : Quartiles.of(v).median();
  }

  static List<String> notes(ArmInput a, ArmInput b, Metric m) {
    List<String> out = new ArrayList<>();
    int share = 0;
    int lib = 0;
    int afl = 0;
    int sync = 0;
    int union = 0;
    for (ArmInput arm : List.of(a, b)) {
      for (Trial t : arm.trials()) {
        if (t instanceof Trial.LibFuzzer) {
          lib++;
          continue;
        }
        afl++;
        boolean measured = m == Metric.EDGES && ((Trial.Afl) t).unionEdges() != null;
        union += measured ? 1 : 0;
        sync += TrialFigures.instances(t) > 1 && !measured ? 1 : 0;
        share += m == Metric.EDGES && TrialFigures.edgesFromMapShare(t) ? 1 : 0;
      }
    }
    if (share > 0) {
      out.add(share + " trial(s) have no edges_found (AFL 2.5x): their edges are map_size, the"
          + " share of the " + TrialFigures.AFL2_MAP_SIZE + "-entry map seen, times "
          + TrialFigures.AFL2_MAP_SIZE + " (to about 3 edges: the share has two decimals)");
    }
    if (union > 0) {
      out.add(union + " trial(s) have their edges from afl-showmap over the merged queue of"
          + " their instances (--showmap): the exact union of what their inputs cover, run"
          + " again (an unstable edge, AFL++'s var_byte_count, may not come back, so the union"
          + " can fall short of an instance's edges_found by that many); their curves are still"
          + " plot_data's edges_found");
    }
    if (sync > 0) {
      out.add(sync + " trial(s) are sync dirs of several instances: their "
          + (m.shared() ? m.words() + " are the largest of any instance (they share the queue;"
              + " the exact union needs afl-showmap on the merged queue)"
              : m.words() + " are the sum of their instances'"));
    }
    if (lib > 0) {
      out.add(lib + " trial(s) are libFuzzer logs: final values only, no curve"
          + (m == Metric.EDGES ? "; their edges are libFuzzer's cov" : "")
          + (afl > 0 && m == Metric.EDGES ? ", which counts coverage differently from AFL's"
              + " edges_found: compare fuzzers on one measure (afl-showmap of each corpus)" : ""));
    }
    return out;
  }

  private static Set<String> union(ArmInput arm, boolean seeds) {
    Set<String> out = new TreeSet<>();
    for (Trial t : arm.trials()) {
      out.addAll(seeds ? TrialFigures.seeds(t) : TrialFigures.targets(t));
    }
    return out;
  }

  private static String list(Set<?> s) {
    List<String> l = s.stream().map(String::valueOf).toList();
    return l.isEmpty() ? "(unknown)" : l.size() <= 3 ? String.join(", ", l)
        : String.join(", ", l.subList(0, 3)) + " and " + (l.size() - 3) + " more";
  }

  /** A count as people read it: 1017592 as 1,017,592; a half as .5. */
  public static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    return String.format(Locale.ROOT, "%,.1f", v);
  }

  /** {@code p = 0.00794} (three significant digits), or {@code p < 0.0001}. */
  public static String p(double p) {
    return p < 1e-4 ? "p < 0.0001" : String.format(Locale.ROOT, "p = %.3g", p);
  }

  /** 90 s, 20m, 1h30m. */
  public static String seconds(long s) {
    if (s < 120 || s % 60 != 0) {
      return s + " s";
    }
    long m = s / 60;
    return m < 120 || m % 60 != 0 ? m + " min" : m / 60 + " h";
  }
}
