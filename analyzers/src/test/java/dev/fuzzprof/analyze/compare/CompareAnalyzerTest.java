package dev.fuzzprof.analyze.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.Severity;
import dev.fuzzprof.parse.afl.AflCommandLineParser;
import dev.fuzzprof.parse.afl.FuzzerStatsParser;
import dev.fuzzprof.parse.afl.PlotDataParser;
import dev.fuzzprof.parse.libfuzzer.LibFuzzerLogParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CompareAnalyzerTest {
  static final String HEADER = "# relative_time, cycles_done, cur_item, corpus_count,"
      + " pending_total, pending_favs, map_size, saved_crashes, saved_hangs, max_depth,"
      + " execs_per_sec, total_execs, edges_found\n";

  /** An AFL++ instance: start_time, run_time, and rows {time, corpus, crashes, execs, edges}. */
  static Trial.Instance instance(String name, long start, long runTime, String target,
      String seeds, long[]... rows) {
    StringBuilder plot = new StringBuilder(HEADER);
    for (long[] r : rows) {
      plot.append(r[0]).append(", 1, 0, ").append(r[1]).append(", 0, 0, 50.00%, ").append(r[2])
          .append(", 0, 2, 1000.00, ").append(r[3]).append(", ").append(r[4]).append('\n');
    }
    long[] last = rows[rows.length - 1];
    String stats = "start_time : " + start + "\nrun_time : " + runTime + "\nexecs_done : "
        + last[3] + "\ncorpus_count : " + last[1] + "\nsaved_crashes : " + last[2]
        + "\nedges_found : " + last[4] + "\ncommand_line : afl-fuzz -i " + seeds + " -o out -S "
        + name + " -- " + target + "\n";
    return new Trial.Instance(name, FuzzerStatsParser.parse(stats),
        PlotDataParser.parse(plot.toString()),
        AflCommandLineParser.parse("afl-fuzz -i " + seeds + " -o out -S " + name + " -- "
            + target));
  }

  /** One single-instance trial of 100 s that ends with {@code edges} and {@code execs}. */
  static Trial single(String name, long edges, long execs, long runTime) {
    return new Trial.Afl(name, List.of(instance("default", 1000, runTime, "./t", "in",
        new long[] {60, 5, 0, execs / 2, edges - 1}, new long[] {runTime, 6, 0, execs, edges})));
  }

  static CompareAnalyzer.ArmInput arm(String name, Trial... t) {
    return new CompareAnalyzer.ArmInput(name, List.of(t));
  }

  static Map<String, Finding> byId(CompareReport r) {
    return r.warnings().stream().collect(Collectors.toMap(Finding::id, f -> f));
  }

  /** {@link #single} with the CPU a run measured. */
  static Trial measured(String name, long edges, double cpuSeconds, int cpu) {
    Trial.Afl t = (Trial.Afl) single(name, edges, 1000, 100);
    return new Trial.Afl(t.name(), t.instances(), new Trial.Cpu(cpuSeconds, 100.2,
        List.of(cpu)));
  }

  @Test
  void measuredCpuGivesCoveragePerCpuSecondAndUnequalCpuFromWhatWasReceived() {
    CompareReport r = CompareAnalyzer.compare(
        arm("a", measured("a-1", 40, 95, 0), measured("a-2", 50, 100, 1),
            measured("a-3", 60, 90, 0)),
        arm("b", measured("b-1", 40, 60, 1), measured("b-2", 44, 70, 0),
            measured("b-3", 48, 65, 1)), Metric.EDGES, null);
    CompareReport.Arm a = r.arms().get(0);
    assertEquals(95.0, a.cpuSeconds());
    // 40/95, 50/100, 60/90: median 0.5
    assertEquals(0.5, a.perCpuSecond().median(), 1e-12);
    assertEquals((40 / 95.0 + 0.5) / 2, a.perCpuSecond().q1(), 1e-12);
    CompareReport.TrialValue b2 = r.arms().get(1).perTrial().get(1);
    assertEquals(70.0, b2.cpuSeconds());
    assertEquals(44 / 70.0, b2.perCpuSecond(), 1e-12);
    assertEquals(List.of(0), b2.cpus());
    List<Finding> cpu = r.warnings().stream().filter(f -> f.id().equals("unequal-cpu")).toList();
    assertEquals(2, cpu.size(), cpu.toString());
    assertTrue(cpu.get(0).message().contains("a 95.0, b 65.0 (46% apart)"), cpu.get(0).message());
    // b's trials got 60-70 CPU s of 100 instance-seconds: below 80 %
    assertTrue(cpu.get(1).message().startsWith("3 trial(s) received less than 80%"),
        cpu.get(1).message());
    // at --at, CPU seconds are the whole trial's: no per-CPU-second figure
    CompareReport at = CompareAnalyzer.compare(arm("a", measured("a-1", 40, 95, 0)),
        arm("b", measured("b-1", 40, 95, 1)), Metric.EDGES, 60L);
    assertNull(at.arms().get(0).perCpuSecond());
    assertNull(at.arms().get(0).perTrial().get(0).perCpuSecond());
    assertEquals(95.0, at.arms().get(0).cpuSeconds());
    // unmeasured trials: no CPU figures
    CompareReport none = CompareAnalyzer.compare(arm("a", single("a-1", 40, 1000, 100)),
        arm("b", single("b-1", 40, 1000, 100)), Metric.EDGES, null);
    assertNull(none.arms().get(0).cpuSeconds());
    assertNull(none.arms().get(0).perCpuSecond());
  }

  @Test
  void aSyncDirCountsItsLateInstanceFromItsOwnStart() {
    // main starts at 1000, s1 100 s later; at 150 s into the trial s1 has run 50 s
    Trial sync = new Trial.Afl("sync", List.of(
        instance("main", 1000, 200, "./t", "in", new long[] {60, 10, 0, 1000, 30},
            new long[] {120, 12, 1, 2000, 40}, new long[] {200, 12, 1, 3000, 41}),
        instance("s1", 1100, 100, "./t", "in", new long[] {30, 20, 2, 500, 45},
            new long[] {60, 21, 2, 900, 46}, new long[] {100, 22, 3, 1500, 47})));
    // edges and corpus: the best instance; execs and crashes: the sum
    assertEquals(45L, TrialFigures.at(sync, Metric.EDGES, 150));
    assertEquals(40L, TrialFigures.at(sync, Metric.EDGES, 125)); // s1's first row is at 130
    assertEquals(2000L + 500L, TrialFigures.at(sync, Metric.EXECS, 150));
    assertEquals(3L, TrialFigures.at(sync, Metric.CRASHES, 150));
    assertEquals(20L, TrialFigures.at(sync, Metric.CORPUS, 150));
    assertNull(TrialFigures.at(sync, Metric.EDGES, 59));
    assertEquals(47L, TrialFigures.atEnd(sync, Metric.EDGES));
    assertEquals(4500L, TrialFigures.atEnd(sync, Metric.EXECS));
    assertEquals(200L, TrialFigures.length(sync));
    assertEquals(300.0, TrialFigures.instanceSeconds(sync, null));
    assertEquals(150.0 + 50.0, TrialFigures.instanceSeconds(sync, 150L));
  }

  @Test
  void afl25CoverageIsItsMapShareTimesTheMapSize() {
    Trial old = new Trial.Afl("old", List.of(new Trial.Instance("default", null,
        PlotDataParser.parse("""
            # unix_time, cycles_done, cur_path, paths_total, pending_total, pending_favs, map_size, unique_crashes, unique_hangs, max_depth, execs_per_sec
            1500000005, 0, 0, 1, 1, 1, 0.20%, 0, 0, 1, 2100.00
            1500000065, 0, 0, 3, 1, 1, 0.25%, 2, 0, 1, 2200.00
            """), null)));
    assertEquals(Math.round(0.25 * 65536 / 100), TrialFigures.atEnd(old, Metric.EDGES));
    assertEquals(131L, TrialFigures.at(old, Metric.EDGES, 30)); // 0.20% of 65536
    assertTrue(TrialFigures.edgesFromMapShare(old));
    CompareReport r = CompareAnalyzer.compare(arm("old", old), arm("new",
        single("n", 160, 1000, 60)), Metric.EDGES, null);
    assertTrue(r.notes().stream().anyMatch(n -> n.contains("map_size")), r.notes().toString());
  }

  @Test
  void aClearDifferenceNamesTheHigherArmAndItsSize() {
    List<Trial> a = new ArrayList<>();
    List<Trial> b = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      a.add(single("a" + i, 50 + i, 1000, 100));
      b.add(single("b" + i, 30 + i, 1000, 100));
    }
    CompareReport r = CompareAnalyzer.compare(new CompareAnalyzer.ArmInput("fast", b),
        new CompareAnalyzer.ArmInput("slow", a), Metric.EDGES, null);
    assertEquals(0.0, r.a12()); // every trial of the first arm (b) below every one of a
    assertEquals(EffectSize.Magnitude.LARGE, r.magnitude());
    assertEquals(MannWhitney.Method.NORMAL, r.test());
    assertTrue(r.pValue() < 0.001, "p " + r.pValue());
    assertTrue(r.verdict().startsWith("slow had more edges found than fast"), r.verdict());
    assertEquals(34.5, r.arms().get(0).median());
    assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    // the curve: the median at each moment from the first plot_data row on
    List<CompareReport.CurvePoint> c = r.arms().get(1).curve();
    assertEquals(60, c.get(0).time());
    assertEquals(53.5, c.get(0).median()); // the rows at 60 s hold edges - 1
    assertEquals(100, c.get(c.size() - 1).time());
    assertEquals(54.5, c.get(c.size() - 1).median());
  }

  @Test
  void noDifferenceIsNotCalledEquality() {
    CompareReport r = CompareAnalyzer.compare(
        arm("a", single("a1", 20, 10, 100), single("a2", 21, 10, 100), single("a3", 22, 10, 100)),
        arm("b", single("b1", 21, 10, 100), single("b2", 22, 10, 100), single("b3", 20, 10, 100)),
        Metric.EDGES, 80L);
    assertTrue(r.verdict().startsWith("no significant difference in edges found between a and"
        + " b at 80 s"), r.verdict());
    assertTrue(r.verdict().contains("does not show they are equal"), r.verdict());
    assertEquals(Severity.MEDIUM, byId(r).get("few-trials").severity());
    assertEquals(List.of(19L, 20L, 21L), r.arms().get(0).values());
  }

  @Test
  void warningsSayWhatIsUnfair() {
    Trial otherSeeds = new Trial.Afl("x", List.of(instance("default", 1, 100, "./t", "other",
        new long[] {100, 1, 0, 10, 5})));
    Trial twoInstances = new Trial.Afl("y", List.of(
        instance("main", 1, 100, "./t", "in", new long[] {100, 1, 0, 10, 5}),
        instance("s1", 1, 100, "./t", "in", new long[] {100, 1, 0, 10, 5})));
    CompareReport r = CompareAnalyzer.compare(arm("a", single("a1", 5, 10, 40), otherSeeds),
        arm("b", twoInstances), Metric.CRASHES, null);
    Map<String, Finding> w = byId(r);
    assertTrue(w.keySet().containsAll(List.of("few-trials", "unequal-length", "different-seeds",
        "crashes-metric", "unequal-cpu")), w.keySet().toString());
    assertTrue(w.get("unequal-length").fix().contains("--at 40s"), w.get("unequal-length").fix());
    assertEquals(Severity.HIGH, w.get("unequal-cpu").severity());
    assertFalse(w.containsKey("different-targets"));

    // one target per arm but not the same: said, as information (the build may be the point)
    Trial other = new Trial.Afl("z", List.of(instance("default", 1, 100, "./u", "in",
        new long[] {100, 1, 0, 10, 5})));
    CompareReport builds = CompareAnalyzer.compare(arm("a", single("a1", 5, 10, 100)),
        arm("b", other), Metric.EDGES, null);
    assertEquals(Severity.INFO, byId(builds).get("different-targets").severity());
    // two targets within one arm: that arm is not one configuration
    CompareReport mixed = CompareAnalyzer.compare(arm("a", single("a1", 5, 10, 100), other),
        arm("b", single("b1", 5, 10, 100)), Metric.EDGES, null);
    assertEquals(Severity.MEDIUM, byId(mixed).get("different-targets").severity());
  }

  @Test
  void unequalCpuFromInstanceSeconds() {
    // one instance per trial on both sides, but B's ran 30% longer: at the end that is more
    // CPU (and more time); at a common --at it is not
    CompareReport end = CompareAnalyzer.compare(arm("a", single("a1", 5, 10, 100)),
        arm("b", single("b1", 5, 10, 130)), Metric.EDGES, null);
    Finding cpu = byId(end).get("unequal-cpu");
    assertEquals(Severity.MEDIUM, cpu.severity());
    assertTrue(cpu.message().contains("a 100, b 130 (30% apart)"), cpu.message());
    CompareReport at = CompareAnalyzer.compare(arm("a", single("a1", 5, 10, 100)),
        arm("b", single("b1", 5, 10, 130)), Metric.EDGES, 90L);
    assertFalse(byId(at).containsKey("unequal-cpu"), at.warnings().toString());
    assertFalse(byId(at).containsKey("unequal-length"), at.warnings().toString());
  }

  @Test
  void libFuzzerLogsGiveFinalValuesAndNoCurve() {
    Trial lf = new Trial.LibFuzzer("lf.log", LibFuzzerLogParser.parse(
        "#2\tINITED cov: 10 ft: 10 corp: 1/4b exec/s: 0 rss: 27Mb\n"
            + "#900\tNEW    cov: 14 ft: 20 corp: 7/40b lim: 4 exec/s: 0 rss: 27Mb\n"
            + "Done 1000 runs in 10 second(s)\n"));
    assertEquals(14L, TrialFigures.atEnd(lf, Metric.EDGES));
    assertEquals(1000L, TrialFigures.atEnd(lf, Metric.EXECS));
    assertNull(TrialFigures.at(lf, Metric.EDGES, 5));
    CompareReport r = CompareAnalyzer.compare(arm("lf", lf), arm("afl", single("a", 14, 10, 10)),
        Metric.EDGES, null);
    assertTrue(r.arms().get(0).curve().isEmpty());
    assertTrue(r.notes().stream().anyMatch(n -> n.contains("libFuzzer")), r.notes().toString());
    assertNull(r.arms().get(0).perTrial().get(0).instances());
    // 10 s against 100 s: no --at can line a log up, so the fix says to run them alike
    CompareReport longer = CompareAnalyzer.compare(arm("lf", lf),
        arm("afl", single("a", 14, 10, 100)), Metric.EDGES, null);
    String fix = byId(longer).get("unequal-length").fix();
    assertTrue(fix.contains("-max_total_time") && !fix.contains("--at 10s"), fix);
  }
}
