package dev.fuzzprof.parse.libfuzzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Real logs of clang 14's libFuzzer (recorded by sample-traces/record-libfuzzer.sh); the
 * expected figures were read off the files with grep and tail.
 */
class LibFuzzerLogParserTest {
  static String fixture(String name) throws IOException {
    try (InputStream in = LibFuzzerLogParserTest.class.getResourceAsStream("/libfuzzer/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void anInterruptedJobOfJobsMode() throws IOException {
    LibFuzzerLog l = LibFuzzerLogParser.parse(fixture("jobs/fuzz-0.log"));
    // tail -2: "#162719 REDUCE cov: 8 ft: 19 corp: 12/837b lim: 2121 exec/s: 14792 rss: 29Mb"
    assertEquals(162_719L, l.runs());
    assertEquals("REDUCE", l.lastEvent());
    assertEquals(8L, l.coverage());
    assertEquals(19L, l.features());
    assertEquals(12L, l.corpusUnits());
    assertEquals(837L, l.corpusBytes());
    assertEquals(14_792L, l.execsPerSec());
    assertEquals(29L, l.rssMb());
    assertEquals(3_610_434_977L, l.seed());
    assertEquals("interrupted", l.ended());
    assertEquals(143, l.statusLines()); // grep -c '^#'
    assertNull(l.doneRuns());
    assertTrue(l.warnings().isEmpty(), l.warnings().toString());
  }

  @Test
  void aRunThatUsedUpItsRuns() throws IOException {
    LibFuzzerLog l = LibFuzzerLogParser.parse(fixture("done.log"));
    assertEquals(200_000L, l.doneRuns());
    assertEquals(82L, l.doneSeconds());
    assertEquals("done", l.ended());
    assertEquals(2_768_692_230L, l.seed());
    assertTrue(l.warnings().isEmpty(), "dictionary lines are not status lines: " + l.warnings());
  }

  @Test
  void aCrash() throws IOException {
    LibFuzzerLog l = LibFuzzerLogParser.parse(fixture("crash.log"));
    assertEquals("crash", l.ended());
    assertTrue(l.crash().startsWith("ERROR: UndefinedBehaviorSanitizer: SEGV"), l.crash());
    assertEquals(2727L, l.runs());
    assertEquals(4L, l.coverage());
  }

  @Test
  void theParentOfForkMode() throws IOException {
    // recorded by hand with -fork=2 -max_total_time=20 (record-libfuzzer.sh runs 12 s)
    LibFuzzerLog l = LibFuzzerLogParser.parse(fixture("fork.log"));
    // last "#1864766: cov: 13 ft: 23 corp: 16 exec/s 47663 ... time: 20s job: 7"
    assertEquals(1_864_766L, l.runs());
    assertEquals("fork", l.lastEvent());
    assertEquals(13L, l.coverage());
    assertEquals(23L, l.features());
    assertEquals(16L, l.corpusUnits());
    assertEquals(47_663L, l.execsPerSec());
    assertEquals("done", l.ended()); // INFO: exiting: 0 time: 20s
    assertTrue(l.warnings().isEmpty(), l.warnings().toString());
  }

  @Test
  void partialAndOddLines() {
    LibFuzzerLog l = LibFuzzerLogParser.parse("INFO: Seed: 7\n#12\tNEW    cov: 3 ft: 4 corp: "
        + "2/3Kb exec/s: 0 rss: 27Mb\n#oops\nSlowest unit: 2 s:\nSlowest unit: 5 s:\n#40\tpulse");
    assertEquals(40L, l.runs());
    assertEquals("pulse", l.lastEvent());
    assertEquals(3L, l.coverage(), "kept from the last line that said it");
    assertEquals(3072L, l.corpusBytes());
    assertEquals(5.0, l.slowestUnitSeconds());
    assertEquals(1, l.warnings().size());
    assertNull(l.ended());
    LibFuzzerLog empty = LibFuzzerLogParser.parse("");
    assertNull(empty.runs());
    assertEquals(0, empty.statusLines());
  }

  @Test
  void aRealTenSecondRunAsCompareReadsIt() {
    String text = dev.fuzzprof.parse.Fixtures.text("libfuzzer/harness-10s.log");
    assertTrue(LibFuzzerLogParser.looksLikeLibFuzzer(text));
    LibFuzzerLog log = LibFuzzerLogParser.parse(text);
    // the values of the log's last status line and of its Done line, read off with grep
    String lastStatus = text.lines().filter(l -> l.startsWith("#") && l.contains("cov: "))
        .reduce((a, b) -> b).orElseThrow();
    long cov = Long.parseLong(lastStatus.replaceAll(".*cov: (\\d+).*", "$1"));
    long corp = Long.parseLong(lastStatus.replaceAll(".*corp: (\\d+)/.*", "$1"));
    assertEquals(cov, log.cov());
    assertEquals(corp, log.corpus());
    assertEquals(4_639_875L, log.doneRuns());
    assertEquals(11L, log.seconds());
    assertEquals(1L, log.seed());
    assertEquals(0, log.crashes());
    assertTrue(log.statusLines() > 10, "status lines: " + log.statusLines());
    assertTrue(log.warnings().isEmpty(), log.warnings().toString());
  }

  @Test
  void crashInputsAndForkCounts() {
    LibFuzzerLog crashed = LibFuzzerLogParser.parse("INFO: Seed: 7\n"
        + "#2\tINITED cov: 5 ft: 5 corp: 1/4b exec/s: 0 rss: 27Mb\n"
        + "#90\tNEW    cov: 9 ft: 9 corp: 3/12b lim: 4 exec/s: 0 rss: 27Mb L: 4/4 MS: 1 Ch-\n"
        + "==12345== ERROR: libFuzzer: deadly signal\n"
        + "artifact_prefix='./'; Test unit written to ./crash-da39a3ee5e6b4b0d3255bfef95601890\n");
    assertEquals(9L, crashed.cov());
    assertEquals(3L, crashed.corpus());
    assertEquals(90L, crashed.runs());
    assertEquals(1, crashed.crashes());
    assertEquals("crash", crashed.ended());
    assertNull(crashed.seconds());
    LibFuzzerLog fork = LibFuzzerLogParser.parse(
        "#120: cov: 40 ft: 55 corp: 17 exec/s: 900 oom/timeout/crash: 0/1/2 time: 30s job: 4\n");
    assertEquals(40L, fork.cov());
    assertEquals(17L, fork.corpus());
    assertEquals(30L, fork.seconds());
    assertEquals(3, fork.crashes(), "an oom, a timeout and two crashes are findings");
    assertFalse(LibFuzzerLogParser.looksLikeLibFuzzer("# relative_time, cycles_done\n1, 2\n"));
  }
}
