package dev.fuzzprof.parse.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.parse.Fixtures;
import dev.fuzzprof.parse.perf.PerfStatCsvParser.PerfCount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fixtures captured from real perf 6.1 runs; the commands are in the .cmd files beside them. */
class PerfStatCsvParserTest {

  @Test
  void filteredCountsOnAPersistentTargetComeInCommandLineOrder() {
    List<PerfCount> c = PerfStatCsvParser.parse(Fixtures.text("perf/perf-filter.csv"));
    assertEquals(5, c.size());
    assertEquals("raw_syscalls:sys_enter", c.get(0).event());
    assertEquals(407952, c.get(0).value());
    assertEquals("syscalls:sys_enter_openat", c.get(1).event());
    assertEquals(67991, c.get(1).value());
    assertEquals("signal:signal_generate", c.get(3).event());
    assertEquals(0, c.get(4).value());
    // six syscalls per case on the reference target, one SIGSTOP per case
    assertEquals(6.0, (double) c.get(0).value() / c.get(3).value(), 0.01);
  }

  @Test
  void cpuWideCounts() {
    List<PerfCount> c = PerfStatCsvParser.parse(Fixtures.text("perf/perf-cpu.csv"));
    assertEquals(4, c.size());
    assertEquals("sched:sched_process_fork", c.get(3).event());
    assertTrue(c.stream().allMatch(PerfCount::counted));
    assertEquals(502214536L, c.get(0).runNanos()); // -C 1, sleep 0.5: one CPU for 0.5 s
  }

  @Test
  void notCountedAndNotSupportedAreAbsentValuesNotErrors() {
    List<PerfCount> c = PerfStatCsvParser.parse("# started on x\n\n"
        + "<not counted>,,raw_syscalls:sys_enter,0,0.00,,\n"
        + "<not supported>,,signal:signal_generate,0,100.00,,\n"
        + "garbage line\n"
        + "12,,sched:sched_process_fork,5,100.00,,\n");
    assertEquals(3, c.size());
    assertFalse(c.get(0).counted());
    assertEquals("not counted", c.get(0).status());
    assertEquals("not supported", c.get(1).status());
    assertEquals(12, c.get(2).value());
  }

  @Test
  void emptyOutputGivesNoCounts() {
    assertTrue(PerfStatCsvParser.parse("").isEmpty());
  }
}
