package dev.fuzzprof.parse.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.parse.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcParsersTest {

  @Test
  void procStatPerCpuTicks() {
    ProcStat a = ProcStatParser.parse(Fixtures.text("proc/proc-stat.txt"));
    ProcStat b = ProcStatParser.parse(Fixtures.text("proc/proc-stat-2s-later.txt"));
    assertEquals(2, a.perCpu().size());
    assertEquals(List.of(), a.warnings());
    assertEquals(0, a.perCpu().get(0).cpu());
    CpuTicks d0 = b.perCpu().get(0).minus(a.perCpu().get(0));
    CpuTicks d1 = b.perCpu().get(1).minus(a.perCpu().get(1));
    // both fuzzers were pinned to CPU 0: busy, 92 % of it in the kernel (CPU 1 ran a build)
    assertEquals(new CpuTicks(0, 15, 0, 185, 0, 0, 0, 0, 1), d0);
    assertEquals(200, d1.total());
    assertTrue(d0.total() > 150 && d0.total() < 250, "about 2 s of 100 Hz ticks: " + d0);
  }

  @Test
  void procStatGarbage() {
    ProcStat s = ProcStatParser.parse("cpu x y\ncpuQ 1 2 3 4\nintr 1 2\n");
    assertEquals(List.of(), s.perCpu());
    assertEquals(3, s.warnings().size());
  }

  @Test
  void pidStatOfAflFuzz() {
    PidStat s = PidStatParser.parse(Fixtures.text("proc/pid-stat-afl-fuzz.txt")).orElseThrow();
    assertEquals("afl-fuzz", s.comm());
    assertEquals(20302, s.pid());
    assertEquals(0, s.processor());
    assertTrue(s.utime() + s.stime() > 0);
  }

  @Test
  void pidStatCommWithSpacesAndParentheses() {
    PidStat s = PidStatParser.parse(Fixtures.text("proc/pid-stat-paren-comm.txt")).orElseThrow();
    assertEquals("we ird) (x", s.comm());
    assertEquals('S', s.state());
    assertEquals(1, s.ppid());
    assertEquals(60384, s.startTime());
    assertEquals(0, s.processor());
  }

  @Test
  void pidStatTarget() {
    PidStat s = PidStatParser.parse(Fixtures.text("proc/pid-stat-target.txt")).orElseThrow();
    assertEquals("h", s.comm());
    assertEquals(20302, s.ppid());
    assertEquals(14, s.utime());
    assertEquals(259, s.stime());
  }

  @Test
  void pidStatGarbage() {
    assertTrue(PidStatParser.parse("").isEmpty());
    assertTrue(PidStatParser.parse("12 (x) R 1 2").isEmpty());
    assertTrue(PidStatParser.parse("no parens at all").isEmpty());
  }

  @Test
  void pidStatus() {
    PidStatus s = PidStatusParser.parse(Fixtures.text("proc/pid-status-afl-fuzz.txt"));
    assertEquals("afl-fuzz", s.name());
    assertEquals(List.of(0), s.cpusAllowed());
    assertEquals(20301, s.ppid());
    assertEquals(0, s.tracerPid());
    assertEquals(246788, s.voluntaryCtxtSwitches());
    assertEquals(30473, s.nonvoluntaryCtxtSwitches());
    assertTrue(s.state().startsWith("S"));
    PidStatus sleep = PidStatusParser.parse(Fixtures.text("proc/pid-status-sleep.txt"));
    assertEquals(List.of(0, 1), sleep.cpusAllowed());
  }

  @Test
  void schedstat() {
    Schedstat s = SchedstatParser.parse(Fixtures.text("proc/pid-schedstat-afl-fuzz.txt"))
        .orElseThrow();
    assertEquals(1437376106L, s.runNanos());
    assertEquals(3663724342L, s.waitNanos());
    assertEquals(277735, s.slices());
    assertTrue(SchedstatParser.parse("1 2").isEmpty());
  }

  @Test
  void cpuLists() {
    assertEquals(List.of(0, 1, 2, 3, 8, 10, 11), CpuListParser.parse("0-3,8,10-11\n").orElseThrow());
    assertEquals(List.of(), CpuListParser.parse("").orElseThrow());
    assertTrue(CpuListParser.parse("0-x").isEmpty());
    assertTrue(CpuListParser.parse("3-1").isEmpty());
    assertEquals("0-3,8,10-11", CpuListParser.format(List.of(11, 10, 8, 3, 2, 1, 0)));
  }

  @Test
  void uptime() {
    assertEquals(600.20, UptimeParser.parse("600.20 633.62\n").orElseThrow(), 1e-9);
    assertTrue(UptimeParser.parse("x").isEmpty());
  }
}
