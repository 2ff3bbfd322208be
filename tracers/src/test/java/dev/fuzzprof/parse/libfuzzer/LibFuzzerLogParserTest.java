package dev.fuzzprof.parse.libfuzzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.parse.Fixtures;
import org.junit.jupiter.api.Test;

class LibFuzzerLogParserTest {
  @Test
  void aRealTenSecondRun() {
    String text = Fixtures.text("libfuzzer/harness-10s.log");
    assertTrue(LibFuzzerLogParser.looksLikeLibFuzzer(text));
    LibFuzzerLog log = LibFuzzerLogParser.parse(text);
    // the values of the log's last status line and of its Done line, read off with grep
    String lastStatus = text.lines().filter(l -> l.startsWith("#") && l.contains("cov: "))
        .reduce((a, b) -> b).orElseThrow();
    long cov = Long.parseLong(lastStatus.replaceAll(".*cov: (\\d+).*", "$1"));
    long corp = Long.parseLong(lastStatus.replaceAll(".*corp: (\\d+)/.*", "$1"));
    assertEquals(cov, log.cov());
    assertEquals(corp, log.corpus());
    assertEquals(4_639_875L, log.runs());
    assertEquals(11L, log.seconds());
    assertEquals(1L, log.seed());
    assertEquals(0, log.crashes());
    assertTrue(log.statusLines() > 10, "status lines: " + log.statusLines());
    assertTrue(log.warnings().isEmpty(), log.warnings().toString());
  }

  @Test
  void crashesAndForkMode() {
    LibFuzzerLog crashed = LibFuzzerLogParser.parse("""
        INFO: Seed: 7
        #2\tINITED cov: 5 ft: 5 corp: 1/4b exec/s: 0 rss: 27Mb
        #90\tNEW    cov: 9 ft: 9 corp: 3/12b lim: 4 exec/s: 0 rss: 27Mb L: 4/4 MS: 1 ChangeBit-
        ==12345== ERROR: libFuzzer: deadly signal
        artifact_prefix='./'; Test unit written to ./crash-da39a3ee5e6b4b0d3255bfef95601890afd80709
        """);
    assertEquals(9L, crashed.cov());
    assertEquals(3L, crashed.corpus());
    assertEquals(90L, crashed.runs());
    assertEquals(1, crashed.crashes());
    assertNull(crashed.seconds());
    assertEquals(1, crashed.warnings().size());
    LibFuzzerLog fork = LibFuzzerLogParser.parse(
        "#120: cov: 40 ft: 55 corp: 17 exec/s: 900 oom/timeout/crash: 0/1/2 time: 30s job: 4\n");
    assertEquals(40L, fork.cov());
    assertEquals(17L, fork.corpus());
    assertEquals(30L, fork.seconds());
    assertEquals(2, fork.crashes());
    assertFalse(LibFuzzerLogParser.looksLikeLibFuzzer("# relative_time, cycles_done\n1, 2\n"));
  }
}
