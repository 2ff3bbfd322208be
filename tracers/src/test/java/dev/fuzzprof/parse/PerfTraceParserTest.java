package dev.fuzzprof.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.event.SyscallEvent;
import dev.fuzzprof.event.TraceEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines as perf 6.1's {@code perf trace -f -- ./t} printed them on this machine. */
class PerfTraceParserTest {
  static final String CAPTURE = String.join("\n",
      "         ? (         ): t/2639  ... [continued]: execve())                                           = 0",
      "     0.066 ( 0.014 ms): t/2639 brk()                                                                 = 0x55d2f8167000",
      "     0.348 ( 0.016 ms): t/2639 access(filename: 0xb5aa22a0, mode: R)                                 = -1 ENOENT (No such file or directory)",
      "     1.229 ( 0.183 ms): t/2639 clone(clone_flags: CHILD_CLEARTID|CHILD_SETTID|0x11, child_tidptr: 0x7f95b5880a10) = 2640 (t)",
      "         ? (         ): t/2640  ... [continued]: clone())                                            = ",
      "     1.449 (         ): t/2639 wait4(upid: 2640 (t), stat_addr: 0x7fff8bb50afc, options: UNTRACED) ...",
      "     1.564 ( 0.020 ms): t/2640 openat(dfd: CWD, filename: 0xf03e7004)                                = 3",
      "     2.275 ( 0.021 ms): t/2640 tgkill(tgid: 2640 (t), pid: 2640 (t), sig: STOP)                      = 0",
      "     1.449 ( 0.870 ms): t/2639  ... [continued]: wait4())                                            = 2640 (t)",
      "     2.336 ( 0.016 ms): t/2639 kill(pid: 2640 (t), sig: CONT)                                        = 0",
      "");

  @Test
  void parsesEveryShapeOfTheCapture() {
    List<TraceEvent> events = new ArrayList<>();
    ParseStats stats = new PerfTraceParser(events::add).parseText(CAPTURE);
    assertEquals(0, stats.skippedLines(), () -> stats.skippedExamples().toString());
    assertEquals(9, events.size());
    SyscallEvent brk = (SyscallEvent) events.get(1);
    assertEquals(2639, brk.pid());
    assertEquals(66, brk.timeMicros());
    assertEquals(14, brk.durationMicros());
    assertEquals(0x55d2f8167000L, brk.result());
    SyscallEvent access = (SyscallEvent) events.get(2);
    assertEquals("ENOENT", access.errno());
    SyscallEvent clone = (SyscallEvent) events.get(3);
    assertEquals(2640, clone.result());
    assertFalse(((SyscallEvent) events.get(4)).hasResult());
    SyscallEvent tgkill = (SyscallEvent) events.get(6);
    assertEquals("tgkill", tgkill.name());
    assertTrue(tgkill.args().contains("sig: STOP"));
    // the wait4 started at 1.449 and finished after the child's tgkill: joined, start time kept
    SyscallEvent wait = (SyscallEvent) events.get(7);
    assertEquals("wait4", wait.name());
    assertEquals(1449, wait.timeMicros());
    assertEquals(870, wait.durationMicros());
    assertEquals(2640, wait.result());
    assertTrue(wait.args().startsWith("upid: 2640"));
  }

  @Test
  void singleTaskTraceHasNoCommColumn() {
    // perf trace -p PID (one task) as perf 6.1 printed it for the persistent reference driver
    List<TraceEvent> events = new ArrayList<>();
    ParseStats stats = new PerfTraceParser(events::add).parseText(String.join("\n",
        "     0.000 ( 0.032 ms): openat(dfd: CWD, filename: 0xaf721160)                                = 3",
        "     0.095 ( 0.012 ms): gettid()                                                              = 22068 (persistent_driv)",
        "     3.270 (         ): read(fd: 3</work/main/targets/input.bin>, buf: 0x5597af719160, count: 32768) ...",
        "     3.324 ( 0.054 ms):  ... [continued]: read())                                             = 471",
        ""));
    assertEquals(0, stats.skippedLines(), () -> stats.skippedExamples().toString());
    assertEquals(3, events.size());
    SyscallEvent read = (SyscallEvent) events.get(2);
    assertEquals(471, read.result());
    assertEquals(3270, read.timeMicros());
    assertTrue(read.args().startsWith("fd: 3</work"));
    SyscallEvent gettid = (SyscallEvent) events.get(1);
    assertEquals(TraceEvent.UNKNOWN_PID, gettid.pid());
    assertEquals("gettid", gettid.name());
    assertEquals(22068, gettid.result());
  }

  @Test
  void formatIsDetectedFromTheFirstLines() {
    byte[] perf = CAPTURE.getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(TraceFormat.PERF_TRACE, TraceFormat.detect(perf, perf.length));
    byte[] strace = "6610  1795286837.354022 openat(AT_FDCWD, \"x\", O_RDONLY) = 3 <0.000049>\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(TraceFormat.STRACE, TraceFormat.detect(strace, strace.length));
    byte[] binary = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0};
    assertEquals(TraceFormat.BINARY, TraceFormat.detect(binary, binary.length));
  }
}
