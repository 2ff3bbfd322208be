package dev.fuzzprof.parse.afl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.parse.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class AflParsersTest {

  @Test
  void aflPlusPlusStats() {
    FuzzerStats s = FuzzerStatsParser.parse(Fixtures.text("afl/fuzzer_stats-aflpp-4.04c-s1-exited.txt"));
    assertEquals(20306, s.fuzzerPid());
    assertEquals(19L, s.runTime());
    assertEquals(14545.26, s.execsPerSec(), 1e-9);
    assertEquals(289218L, s.execsDone());
    assertEquals(5L, s.corpusCount());
    assertEquals(-1, s.cpuAffinity());
    assertEquals(8L, s.edgesFound());
    assertEquals(17L, s.totalEdges());
    assertEquals("++4.04c", s.aflVersion());
    assertTrue(s.commandLine().contains("-S s1"));
    assertTrue(s.warnings().isEmpty(), s.warnings().toString());
    FuzzerStats m = FuzzerStatsParser.parse(Fixtures.text("afl/fuzzer_stats-aflpp-4.04c-main.txt"));
    assertEquals(80.0, m.stability(), 1e-9);
  }

  @Test
  void afl25Stats() {
    String text = """
        start_time        : 1500000000
        last_update       : 1500003600
        fuzzer_pid        : 4242
        cycles_done       : 3
        execs_done        : 7200000
        execs_per_sec     : 1999.50
        paths_total       : 812
        paths_found       : 700
        unique_crashes    : 4
        unique_hangs      : 1
        stability         : 99.12%
        afl_banner        : t
        afl_version       : 2.52b
        command_line      : afl-fuzz -i in -o out -S s2 -- ./t @@
        """;
    FuzzerStats s = FuzzerStatsParser.parse(text);
    assertEquals(3600L, s.runTime());
    assertEquals(812L, s.corpusCount());
    assertEquals(4L, s.savedCrashes());
    assertEquals(99.12, s.stability(), 1e-9);
    assertNull(s.cpuAffinity());
    assertNull(s.edgesFound()); // AFL 2.5x has no edge counts
  }

  @Test
  void garbageBecomesAbsentWithWarnings() {
    FuzzerStats s = FuzzerStatsParser.parse(
        "fuzzer_pid : twelve\nexecs_per_sec : fast\nstability : 9x%\nrubbish line\n\0\0\0");
    assertNull(s.fuzzerPid());
    assertNull(s.execsPerSec());
    assertNull(s.stability());
    assertEquals(4, s.warnings().size(), s.warnings().toString());
    assertTrue(FuzzerStatsParser.parse("").isEmpty());
    // AFL++ at run_time 0: not garbage, just not measured yet
    FuzzerStats fresh = FuzzerStatsParser.parse("run_time : 0\nexecs_per_sec : inf\n");
    assertNull(fresh.execsPerSec());
    assertTrue(fresh.warnings().isEmpty());
  }

  @Test
  void plotData() {
    PlotData p = PlotDataParser.parse(Fixtures.text("afl/plot_data-aflpp-4.04c-s1.txt"));
    assertEquals(1, p.points().size());
    assertEquals(19, p.points().get(0).time());
    assertEquals(16241.99, p.points().get(0).execsPerSec(), 1e-9);
    PlotPoint s1 = p.points().get(0);
    // the coverage columns of AFL++ 4.04c, found by their names in the header
    assertEquals(List.of(5L, 0L, 47.06, 8L), java.util.Arrays.asList(s1.corpusCount(),
        s1.savedCrashes(), s1.mapSizePercent(), s1.edgesFound()));
    PlotData old = PlotDataParser.parse("""
        # unix_time, cycles_done, cur_path, paths_total, pending_total, pending_favs, map_size, unique_crashes, unique_hangs, max_depth, execs_per_sec
        1500000005, 0, 0, 1, 1, 1, 0.01%, 0, 0, 1, 2100.00
        1500000010, 0, 0, 3, 1, 1, 0.25%, 2, 0, 1, 2200.00
        bad, row
        """);
    assertEquals(2, old.points().size());
    assertEquals(5, old.points().get(1).time());
    assertEquals(1, old.warnings().size());
    // AFL 2.5x: corpus and crashes under their old names, coverage only as map_size, no edges
    PlotPoint last = old.points().get(1);
    assertEquals(java.util.Arrays.asList(3L, 2L, 0.25, null), java.util.Arrays.asList(
        last.corpusCount(), last.savedCrashes(), last.mapSizePercent(), last.edgesFound()));
  }

  /** Rows are cut where split(",") cuts them: spaces, trailing empty fields, bad fields. */
  @Test
  void plotDataRowsCutAsSplitCutsThem() {
    PlotData p = PlotDataParser.parse(String.join("\n",
        "# relative_time, cycles_done, cur_item, corpus_count, pending_total, pending_favs,"
            + " map_size, saved_crashes, saved_hangs, max_depth, execs_per_sec, total_execs,"
            + " edges_found",
        " 60 ,1,0, 17 ,0,0, 41.67% ,0,0,2, 75572.03 ,\t4588834 , 10 ",
        "65, 732, 4, 17, 0, 0, 41.67%, 0, 0, 2, 79518.12, 4991591,",
        "70, 1, 2, x, 0, 0, bad%, 0, 0, 2, 1.5, 5000000, 11",
        "80,,,,,,,,,,,",
        ",,,,",
        "85, 1, 2, 3, 0, 0, 1%, 0, 0, 2, 1.5",
        "90, 1, 2, 3, 0, 0, 1%, 0, 0, 2, 2.5, 12x, 13", ""));
    assertEquals(List.of(60L, 65L, 70L, 85L), p.points().stream().map(PlotPoint::time).toList());
    PlotPoint a = p.points().get(0);
    assertEquals(java.util.Arrays.asList(75572.03, 4588834L, 17L, 41.67, 10L),
        java.util.Arrays.asList(a.execsPerSec(), a.totalExecs(), a.corpusCount(),
            a.mapSizePercent(), a.edgesFound()));
    assertEquals(java.util.Arrays.asList(4991591L, null),
        java.util.Arrays.asList(p.points().get(1).totalExecs(), p.points().get(1).edgesFound()));
    PlotPoint c = p.points().get(2);
    assertEquals(java.util.Arrays.asList(null, null, 11L),
        java.util.Arrays.asList(c.corpusCount(), c.mapSizePercent(), c.edgesFound()));
    assertEquals(java.util.Arrays.asList(null, null), java.util.Arrays.asList(
        p.points().get(3).totalExecs(), p.points().get(3).edgesFound()));
    assertEquals(List.of("3 plot_data row(s) unreadable, skipped"), p.warnings());
  }
}
