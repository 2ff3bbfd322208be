package dev.fuzzprof.acquire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.event.SyscallEvent;
import dev.fuzzprof.event.TraceEvent;
import dev.fuzzprof.parse.ArgsPolicy;
import dev.fuzzprof.parse.ParallelLineParser;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading in blocks: order, calls interrupted across a block boundary, interruption. */
class TraceFileTest {

  /** Enough lines for several 4 MB blocks, with an unfinished call on every block boundary. */
  private static byte[] bigTrace() {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (sb.length() < 3 * ParallelLineParser.BLOCK) {
      sb.append("100 read(3,  <unfinished ...>\n");
      sb.append("200 getpid() = ").append(i).append('\n');
      sb.append("100 <... read resumed>\"x\", 1) = 1\n");
      i++;
    }
    return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void eventsComeInOrderAndSplitCallsAreJoinedAcrossBlocks() {
    byte[] trace = bigTrace();
    List<TraceEvent> events = new ArrayList<>();
    TraceFile.Result r = TraceFile.read(new ByteArrayInputStream(trace), "t", events::add,
        ArgsPolicy.ALL);
    long lines = 0;
    for (byte b : trace) {
      if (b == '\n') {
        lines++;
      }
    }
    assertEquals(lines, r.stats().lines());
    assertEquals(0, r.stats().skippedLines());
    assertEquals(lines / 3 * 2, events.size());
    for (int k = 0; k < events.size(); k += 2) {
      SyscallEvent getpid = (SyscallEvent) events.get(k);
      SyscallEvent read = (SyscallEvent) events.get(k + 1);
      assertEquals("getpid", getpid.name());
      assertEquals(k / 2, getpid.result(), "events out of order at " + k);
      assertEquals("read", read.name());
      assertEquals(1, read.result());
      assertEquals("3, \"x\", 1", read.args());
    }
  }

  @Test
  void anInterruptedReaderStops() {
    Thread.currentThread().interrupt();
    try {
      FuzzprofException e = assertThrows(FuzzprofException.class, () -> TraceFile.read(
          new ByteArrayInputStream(bigTrace()), "t", ev -> { }, ArgsPolicy.ALL));
      assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
    } finally {
      Thread.interrupted();
    }
  }
}
