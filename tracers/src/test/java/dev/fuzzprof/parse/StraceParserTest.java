package dev.fuzzprof.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.event.ExitEvent;
import dev.fuzzprof.event.SignalEvent;
import dev.fuzzprof.event.SyscallEvent;
import dev.fuzzprof.event.TraceEvent;
import dev.fuzzprof.event.TracerEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every line shape strace prints, as strace 6.1 printed it on this machine. */
class StraceParserTest {
  private final List<TraceEvent> events = new ArrayList<>();
  private final StraceParser parser = new StraceParser(events::add);

  private TraceEvent one(String line) {
    events.clear();
    parser.parseText(line + "\n");
    assertEquals(1, events.size(), () -> "events from: " + line + " -> " + events);
    return events.get(0);
  }

  @Test
  void plainLineWithoutPrefixOrTimestamp() {
    SyscallEvent e = (SyscallEvent) one("openat(AT_FDCWD, \"/tmp/in\", O_RDONLY) = 3");
    assertEquals(TraceEvent.UNKNOWN_PID, e.pid());
    assertEquals(TraceEvent.NO_TIME, e.timeMicros());
    assertEquals("openat", e.name());
    assertEquals("AT_FDCWD, \"/tmp/in\", O_RDONLY", e.args());
    assertTrue(e.hasResult());
    assertEquals(3, e.result());
    assertNull(e.errno());
    assertEquals(-1, e.durationMicros());
  }

  @Test
  void barePidColumnWithEpochTimestampAndDuration() {
    // strace -f -ttt -T -o FILE
    SyscallEvent e = (SyscallEvent) one(
        "6610  1795286837.354134 read(3, \"\\377\\330\"..., 32768) = 471 <0.000044>");
    assertEquals(6610, e.pid());
    assertEquals(1795286837_354134L, e.timeMicros());
    assertEquals(471, e.result());
    assertEquals(44, e.durationMicros());
  }

  @Test
  void numbersOfEveryLengthReadAlikeWordAtATimeOrByteByByte() {
    // the parser reads digits eight bytes at a time where the line is long enough: each pid,
    // seconds and fraction length, with the line ending right after the number or well past it
    for (int digits = 1; digits <= 12; digits++) {
      String n = "987654321012".substring(0, digits);
      long value = Long.parseLong(n);
      for (String tail : new String[] {"", " <0.5>", " <12.1234567>"}) {
        String line = n + " " + n + "." + n + " getpid() = " + n + tail;
        SyscallEvent e = (SyscallEvent) one(line);
        assertEquals((int) value, e.pid(), line);
        long micros = Long.parseLong((n + "000000").substring(0, 6));
        assertEquals(value * 1_000_000L + micros, e.timeMicros(), line);
        assertEquals(value, e.result(), line);
        long duration = tail.isEmpty() ? -1 : tail.contains("12.") ? 12_123456L : 500_000L;
        assertEquals(duration, e.durationMicros(), line);
      }
    }
  }

  @Test
  void bracketPidWithWallClockMicroseconds() {
    // strace -f -tt to stderr
    SyscallEvent e = (SyscallEvent) one("[pid  6611] 12:34:56.000123 close(3) = 0");
    assertEquals(6611, e.pid());
    assertEquals(((12 * 60 + 34) * 60 + 56) * 1_000_000L + 123, e.timeMicros());
    assertEquals("close", e.name());
  }

  @Test
  void secondsOnlyTimestamp() {
    SyscallEvent e = (SyscallEvent) one("00:00:07 getpid() = 42");
    assertEquals(7_000_000L, e.timeMicros());
    assertEquals(42, e.result());
  }

  @Test
  void commandNameAfterPid() {
    // strace -Y
    SyscallEvent e = (SyscallEvent) one("[pid  77<afl-fuzz>] gettid() = 77");
    assertEquals(77, e.pid());
    SyscallEvent f = (SyscallEvent) one("78<target> 1.5 gettid() = 78");
    assertEquals(78, f.pid());
    assertEquals(1_500_000L, f.timeMicros());
  }

  @Test
  void descriptorPaths() {
    // strace -y
    SyscallEvent e = (SyscallEvent) one("read(3</work/out/.cur_input>, \"abc\", 32768) = 3");
    assertEquals("read", e.name());
    assertTrue(e.args().startsWith("3</work/out/.cur_input>"));
    SyscallEvent o = (SyscallEvent) one("openat(AT_FDCWD, \"/x\", O_RDONLY) = 3</x>");
    assertEquals(3, o.result());
  }

  @Test
  void errorsHexResultsAndUnknownResults() {
    SyscallEvent enoent = (SyscallEvent) one(
        "openat(AT_FDCWD, \"/nope\", O_RDONLY) = -1 ENOENT (No such file or directory)");
    assertEquals(-1, enoent.result());
    assertEquals("ENOENT", enoent.errno());
    assertTrue(enoent.failed());
    SyscallEvent restart = (SyscallEvent) one(
        "wait4(-1, 0x7ffc, 0, NULL) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)");
    assertFalse(restart.hasResult());
    assertEquals("ERESTARTSYS", restart.errno());
    SyscallEvent brk = (SyscallEvent) one("brk(NULL) = 0x55d2f8167000");
    assertEquals(0x55d2f8167000L, brk.result());
    SyscallEvent exit = (SyscallEvent) one("exit_group(0)                           = ?");
    assertFalse(exit.hasResult());
    assertNull(exit.errno());
  }

  @Test
  void argumentsWithParenthesesQuotesAndEscapesInStrings() {
    SyscallEvent e = (SyscallEvent) one(
        "write(1, \"a) = 5 \\\"(\\\" <1.0>\", 10) = 10 <0.000002>");
    assertEquals("write", e.name());
    assertEquals(10, e.result());
    assertEquals(2, e.durationMicros());
    SyscallEvent w = (SyscallEvent) one(
        "wait4(6610, [{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}], WUNTRACED, NULL) = 6610");
    assertEquals(6610, w.result());
  }

  @Test
  void unfinishedAndResumedBecomeOneEventAtTheStartTime() {
    events.clear();
    parser.parseText(String.join("\n",
        "6372  1.000001 read(198,  <unfinished ...>",
        "6610  1.000002 getpid() = 6610",
        "6372  1.000009 <... read resumed>\"\\0\\0\\0\\0\", 4) = 4 <0.000008>",
        ""));
    assertEquals(2, events.size());
    SyscallEvent getpid = (SyscallEvent) events.get(0);
    assertEquals("getpid", getpid.name());
    SyscallEvent read = (SyscallEvent) events.get(1);
    assertEquals(6372, read.pid());
    assertEquals("read", read.name());
    assertEquals(1_000_001L, read.timeMicros());
    assertEquals(4, read.result());
    assertEquals(8, read.durationMicros());
    assertEquals("198, \"\\0\\0\\0\\0\", 4", read.args());
  }

  @Test
  void cloneResumedKeepsTheChildPid() {
    events.clear();
    parser.parseText(String.join("\n",
        "100 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD <unfinished ...>",
        "101 set_robust_list(0x7f, 24) = 0",
        "100 <... clone resumed>, child_tidptr=0x7f) = 101",
        ""));
    SyscallEvent clone = (SyscallEvent) events.get(1);
    assertEquals("clone", clone.name());
    assertEquals(101, clone.result());
  }

  @Test
  void unfinishedCallOfAProcessThatExitsIsStillCounted() {
    events.clear();
    ParseStats stats = parser.parseText(String.join("\n",
        "7 exit_group(0) <unfinished ...>",
        "7 +++ exited with 0 +++",
        "8 read(0,  <unfinished ...>",
        ""));
    assertEquals(3, events.size());
    assertEquals("exit_group", ((SyscallEvent) events.get(0)).name());
    assertEquals(ExitEvent.Kind.EXITED, ((ExitEvent) events.get(1)).kind());
    SyscallEvent read = (SyscallEvent) events.get(2);
    assertEquals("read", read.name());
    assertFalse(read.hasResult());
    assertEquals(1, stats.unfinishedAtEnd());
  }

  @Test
  void signalLines() {
    SignalEvent stop = (SignalEvent) one("6610  1795286837.354622 --- SIGSTOP {si_signo=SIGSTOP,"
        + " si_code=SI_TKILL, si_pid=6610, si_uid=0} ---");
    assertEquals("SIGSTOP", stop.signal());
    assertEquals(SignalEvent.Kind.DELIVERED, stop.kind());
    assertEquals(6610, stop.senderPid());
    SignalEvent stopped = (SignalEvent) one("6610  1795286837.354669 --- stopped by SIGSTOP ---");
    assertEquals(SignalEvent.Kind.STOPPED, stopped.kind());
    assertEquals("SIGSTOP", stopped.signal());
    SignalEvent cont = (SignalEvent) one(
        "--- SIGCONT {si_signo=SIGCONT, si_code=SI_USER, si_pid=6372, si_uid=0} ---");
    assertEquals("SIGCONT", cont.signal());
    assertEquals(6372, cont.senderPid());
  }

  @Test
  void exitLines() {
    ExitEvent ok = (ExitEvent) one("[pid  9] +++ exited with 3 +++");
    assertEquals(ExitEvent.Kind.EXITED, ok.kind());
    assertEquals("3", ok.detail());
    ExitEvent killed = (ExitEvent) one("+++ killed by SIGKILL (core dumped) +++");
    assertEquals(ExitEvent.Kind.KILLED, killed.kind());
    assertEquals("SIGKILL", killed.detail());
    ExitEvent superseded = (ExitEvent) one("12 +++ superseded by execve in pid 11 +++");
    assertEquals(ExitEvent.Kind.SUPERSEDED, superseded.kind());
    assertEquals("11", superseded.detail());
  }

  @Test
  void straceOwnLines() {
    TracerEvent a = (TracerEvent) one("strace: Process 6610 attached");
    assertEquals(6610, a.pid());
    assertEquals(TracerEvent.Kind.ATTACHED, a.kind());
    TracerEvent d = (TracerEvent) one("strace: Process 6610 detached");
    assertEquals(TracerEvent.Kind.DETACHED, d.kind());
  }

  @Test
  void unknownLinesAreCountedNotFatal() {
    events.clear();
    ParseStats stats = parser.parseText(String.join("\n",
        "getpid() = 1",
        "this is not strace",
        "",
        "read(3, \"abc\"",
        "gettid() = 1"));
    assertEquals(2, events.size());
    assertEquals(2, stats.skippedLines());
    assertEquals("this is not strace", stats.skippedExamples().get(0));
    assertTrue(stats.endsMidLine());
    assertFalse(stats.complete());
  }

  @Test
  void windowsLineEndsAndTrailingSpaces() {
    SyscallEvent e = (SyscallEvent) one("close(3) = 0   \r");
    assertEquals(0, e.result());
  }

  @Test
  void syscallNamesAreShared() {
    events.clear();
    parser.parseText("getpid() = 1\ngetpid() = 1\n");
    assertTrue(((SyscallEvent) events.get(0)).name() == ((SyscallEvent) events.get(1)).name());
  }
}
