package dev.fuzzprof.parse.afl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShowmapParserTest {
  @Test
  void countsEveryEdgeLineAndNothingElse() {
    // the shape afl-showmap 4.04c -C writes: six-digit entry, colon, the hit count
    assertEquals(3, ShowmapParser.edges("000012:1\n004711:128\n065535:3\n"));
    assertEquals(2, ShowmapParser.edges("000012:1\r\n\n[+] not an edge\n:3\n12:\n004711:2"));
    assertEquals(0, ShowmapParser.edges(""));
    assertEquals(0, ShowmapParser.edges("a:1\n1:b\n"));
  }
}
