package dev.fuzzprof.analyze.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fuzzprof.parse.afl.PlotPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rates from counters: the chart's curve and the report's figure follow one rule. */
class ExecsRateTest {
  // rows as AFL++ writes them every ~5 s: whole-second times, a noisy instantaneous column
  static final List<PlotPoint> ROWS = List.of(
      new PlotPoint(60, 14, 600_000L),
      new PlotPoint(65, 6465, 1_000_000L),
      new PlotPoint(70, 99, 1_400_000L),
      new PlotPoint(76, 50_000, 1_880_000L));

  @Test
  void curveUsesTotalExecsOverTenSecondsOrMoreNeverTheInstantColumn() {
    List<PlotPoint> c = ExecsRate.curve(ROWS, 0);
    assertEquals(2, c.size(), c.toString()); // 60 and 65 have no row 10 s before them
    assertEquals(70, c.get(0).time());
    assertEquals(80_000.0, c.get(0).execsPerSec(), 1e-9); // (1.4M - 0.6M) / 10 s
    assertEquals(76, c.get(1).time());
    assertEquals(80_000.0, c.get(1).execsPerSec(), 1e-9); // from the row at 65: 0.88M / 11 s
  }

  @Test
  void curveMovesAnInstanceToCampaignTime() {
    List<PlotPoint> c = ExecsRate.curve(ROWS, 181);
    assertEquals(251, c.get(0).time());
    assertEquals(257, c.get(1).time());
  }

  @Test
  void aCounterThatGoesBackStartsOverAndOldAflKeepsItsColumn() {
    List<PlotPoint> restarted = List.of(new PlotPoint(0, 1, 500_000L),
        new PlotPoint(10, 1, 100L), new PlotPoint(20, 1, 200_100L));
    List<PlotPoint> c = ExecsRate.curve(restarted, 0);
    assertEquals(1, c.size(), c.toString());
    assertEquals(20_000.0, c.get(0).execsPerSec(), 1e-9);
    List<PlotPoint> afl25 = List.of(new PlotPoint(5, 321.5, null), new PlotPoint(10, 400, null));
    List<PlotPoint> old = ExecsRate.curve(afl25, 3);
    assertEquals(List.of(new PlotPoint(8, 321.5, null), new PlotPoint(13, 400, null)), old);
  }

  @Test
  void theReportFigureFollowsTheSameRule() {
    ExecsRate r = ExecsRate.fromPlot(ROWS);
    assertEquals(80_000.0, r.execsPerSec(), 1e-9); // from the row at 60: 1.28M / 16 s
    assertEquals(16, r.seconds(), 1e-9);
    assertNull(ExecsRate.fromPlot(ROWS.subList(0, 2)));
  }
}
