package dev.fuzzprof.analyze.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleAnalyzerTest {
  static ScaleStep step(int n, Double execs, double kernel, double wait, double cpu,
      boolean smt) {
    return new ScaleStep(n, execs, null, kernel, List.of(), cpu, wait, smt, List.of(), 0, 0,
        List.of());
  }

  @Test
  void efficiencyAgainstTheOneInstanceStepAndTheKnee() {
    // the seed post's shape: linear, then a kernel share that grows and a curve that bends
    ScaleReport r = ScaleAnalyzer.analyze("afl++ 4.04c", "t", 60, 15, List.of(
        step(4, 3200.0, 40, 1, 390, false), step(1, 1000.0, 5, 0, 99, false),
        step(2, 1900.0, 6, 1, 198, false)));
    assertEquals(List.of(1, 2, 4), r.steps().stream().map(ScaleStep::instances).toList());
    assertEquals(1000, r.baseline().execsPerSec(), 1e-9);
    assertEquals(1.0, r.steps().get(0).scalingEfficiency(), 1e-9);
    assertEquals(0.95, r.steps().get(1).scalingEfficiency(), 1e-9);
    assertEquals(0.8, r.steps().get(2).scalingEfficiency(), 1e-9);
    assertEquals(4, r.knee(), "80% still counts as good");
    assertEquals(4, r.best());
    assertTrue(r.findings().isEmpty());
  }

  @Test
  void lossIsExplainedByWhatTheDataShows() {
    ScaleReport r = ScaleAnalyzer.analyze("afl++", "t", 60, 15, List.of(
        step(1, 1000.0, 5, 0, 99, false), step(2, 1900.0, 6, 1, 198, false),
        step(4, 2400.0, 35, 2, 395, true), step(8, 2000.0, 36, 45, 390, false)));
    assertEquals(2, r.knee());
    assertEquals(4, r.best());
    assertEquals(2, r.explanations().size());
    String four = r.explanations().get(0);
    assertTrue(four.startsWith("4 instances: 60% efficiency"), four);
    assertTrue(four.contains("SMT siblings"), four);
    assertTrue(four.contains("kernel share grew from 5% to 35%"), four);
    String eight = r.explanations().get(1);
    assertTrue(eight.contains("waited 45%"), eight);
    assertTrue(eight.contains("received 390%"), eight);
    assertEquals("scaling-below-linear", r.findings().get(0).id());
    assertTrue(r.findings().get(0).message().startsWith("8 instances made 25% of linear"),
        r.findings().get(0).message());
    assertTrue(r.findings().get(0).fix().contains("about 2 instances"));
  }

  @Test
  void withoutAOneInstanceRateTheSmallestStepIsTheBaselineAndSaysSo() {
    ScaleReport r = ScaleAnalyzer.analyze("afl++", "t", 60, 15, List.of(
        step(1, null, 5, 0, 0, false), step(2, 2000.0, 6, 1, 198, false),
        step(4, 1000.0, 6, 1, 390, false)));
    assertEquals(2, r.baseline().instances());
    assertEquals(1000, r.baseline().execsPerSec(), 1e-9);
    assertTrue(r.baseline().how().contains("no 1-instance step"));
    assertNull(r.steps().get(0).scalingEfficiency());
    assertEquals(2, r.knee(), "the step without a rate is left out of the knee");
    assertTrue(r.explanations().get(0).contains("no cause"), r.explanations().get(0));
  }

  @Test
  void noRatesNoCurve() {
    ScaleReport r = ScaleAnalyzer.analyze("afl++", "t", 60, 15, List.of(
        step(1, null, 5, 0, 0, false)));
    assertNull(r.baseline());
    assertNull(r.knee());
    assertNull(r.best());
    assertTrue(r.notes().contains("no step had an execs/s figure: no efficiency"));
  }
}
