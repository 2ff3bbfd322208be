package dev.fuzzprof.parse.afl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.parse.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class LastWordsTest {
  @Test
  void theAbortAndWhereOfARealAflFuzz() {
    List<String> w = LastWords.of(Fixtures.text("launch/afl-abort-b-with-no-affinity.log"), 2);
    assertEquals(List.of("[-] PROGRAM ABORT : -b and AFL_NO_AFFINITY are mututally exclusive.",
        "Location : bind_to_free_cpu(), src/afl-fuzz-init.c:120"), w);
  }

  @Test
  void aLibFuzzerErrorLine() {
    String log = "INFO: Seed: 1\nINFO: Loaded 1 modules\n"
        + "ERROR: The required directory \"/o/corpus\" does not exist\n";
    assertEquals(List.of("ERROR: The required directory \"/o/corpus\" does not exist"),
        LastWords.of(log, 3));
  }

  @Test
  void otherwiseTheLastLines() {
    assertEquals(List.of("b", "c"), LastWords.of("a\n\nb\r\nc\n\n", 2));
    assertTrue(LastWords.of("", 3).isEmpty());
  }
}
