package dev.fuzzprof.analyze.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.FuzzerStatsParser;
import dev.fuzzprof.parse.afl.PlotPoint;
import dev.fuzzprof.parse.proc.PidStatParser;
import dev.fuzzprof.parse.proc.PidStatus;
import dev.fuzzprof.parse.proc.PidStatusParser;
import dev.fuzzprof.parse.proc.ProcStatParser;
import dev.fuzzprof.parse.proc.SchedstatParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopAnalyzerTest {

  static String fixture(String name) throws IOException {
    try (InputStream in = TopAnalyzerTest.class.getResourceAsStream("/top/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  static ProcessSample busy(int i) throws IOException {
    return new ProcessSample(16550, PidStatParser.parse(fixture("busy-stat-" + i + ".txt")).get(),
        SchedstatParser.parse(fixture("busy-schedstat-" + i + ".txt")).get());
  }

  static InstanceSample instance(String name, int pid, Role role, int i, FuzzerStats stats)
      throws IOException {
    PidStatus status = PidStatusParser.parse(fixture("busy-status.txt"));
    ProcessSample p = busy(i);
    return new InstanceSample(name, pid, role, status,
        List.of(new ProcessSample(pid, p.stat(), p.schedstat())), stats, null);
  }

  static TopSample sample(int i, List<InstanceSample> instances) throws IOException {
    return new TopSample(i * 2_050_000_000L, ProcStatParser.parse(fixture("proc-stat-" + i + ".txt")),
        instances, List.of());
  }

  static FuzzerStats stats(long lastUpdate, long execs, double lastMin) {
    return FuzzerStatsParser.parse("start_time : 1000\nlast_update : " + lastUpdate
        + "\nexecs_done : " + execs + "\nexecs_per_sec : 100.00\nexecs_ps_last_min : " + lastMin
        + "\n");
  }

  @Test
  void coresFromCapturedProcStat() throws IOException {
    TopFrame f = TopAnalyzer.frame(sample(0, List.of()), sample(1, List.of()));
    assertEquals(2, f.cores().size());
    CoreLoad cpu0 = f.cores().get(0);
    assertEquals(0, cpu0.cpu());
    // 201 user and 5 system ticks of 206: the machine was busy
    assertEquals(100.0 * 201 / 206, cpu0.userPct(), 0.01);
    assertEquals(100.0 * 5 / 206, cpu0.kernelPct(), 0.01);
    assertEquals(0.0, cpu0.idlePct(), 0.01);
    assertFalse(cpu0.idle());
    assertTrue(f.idleCores().isEmpty());
    assertEquals(2.05, f.seconds(), 1e-9);
    assertNull(f.efficiency());
  }

  @Test
  void instanceCpuKernelAndRunQueueWait() throws IOException {
    TopFrame f = TopAnalyzer.frame(
        sample(0, List.of(instance("main", 16550, Role.MAIN, 0, null))),
        sample(1, List.of(instance("main", 16550, Role.MAIN, 1, null))));
    InstanceRow r = f.instances().get(0);
    // 69 ticks of the (395 + 18) / 2 ticks each core had
    assertEquals(100.0 * 69 / (413 / 2.0), r.cpuPct(), 0.01);
    assertEquals(0.0, r.kernelPct(), 1e-9);
    assertEquals(List.of(0), r.cpusAllowed());
    assertEquals(0, r.lastCpu());
    double run = 1003474030L - 314884526L;
    double wait = 2080263859L - 720492270L;
    assertEquals(100 * wait / (run + wait), r.runQueueWaitPct(), 0.01);
    assertTrue(r.busy());
    assertFalse(r.collided());
    assertTrue(f.collisions().isEmpty());
  }

  @Test
  void twoBusyInstancesOnOneCpuCollide() throws IOException {
    TopFrame f = TopAnalyzer.frame(
        sample(0, List.of(instance("main", 1, Role.MAIN, 0, null),
            instance("s1", 2, Role.SECONDARY, 0, null))),
        sample(1, List.of(instance("main", 1, Role.MAIN, 1, null),
            instance("s1", 2, Role.SECONDARY, 1, null))));
    assertEquals(List.of(new Collision(0, List.of("main", "s1"))), f.collisions());
    assertTrue(f.instances().stream().allMatch(InstanceRow::collided));
  }

  @Test
  void execsFromTwoWritesOfFuzzerStatsAndEfficiencyAgainstMedianSecondary() throws IOException {
    TopFrame f = TopAnalyzer.frame(
        sample(0, List.of(instance("main", 1, Role.MAIN, 0, stats(2000, 100_000, 50)),
            instance("s1", 2, Role.SECONDARY, 0, stats(2000, 100_000, 900)),
            instance("s2", 3, Role.SECONDARY, 0, stats(2000, 100_000, 900)))),
        sample(1, List.of(instance("main", 1, Role.MAIN, 1, stats(2060, 160_000, 50)),
            instance("s1", 2, Role.SECONDARY, 1, stats(2000, 100_000, 1000)),
            instance("s2", 3, Role.SECONDARY, 1, stats(2000, 100_000, 800)))));
    // main: (160000 - 100000) / 60 s; s1, s2: unchanged file, so their last-minute rates
    assertEquals(1000.0, f.instances().get(0).execsPerSec(), 1e-9);
    assertEquals(1000.0, f.instances().get(1).execsPerSec(), 1e-9);
    assertEquals(800.0, f.instances().get(2).execsPerSec(), 1e-9);
    assertEquals(2800.0, f.totalExecsPerSec(), 1e-9);
    assertNotNull(f.efficiency());
    assertEquals(2800.0 / (3 * 900.0), f.efficiency(), 1e-9);
  }

  @Test
  void collidedSecondariesStillGiveAnEfficiencyButSaySo() throws IOException {
    TopFrame f = TopAnalyzer.frame(
        sample(0, List.of(instance("s1", 1, Role.SECONDARY, 0, stats(1, 1, 400)),
            instance("s2", 2, Role.SECONDARY, 0, stats(1, 1, 600)))),
        sample(1, List.of(instance("s1", 1, Role.SECONDARY, 1, stats(1, 1, 400)),
            instance("s2", 2, Role.SECONDARY, 1, stats(1, 1, 600)))));
    assertEquals(1000.0 / (2 * 500.0), f.efficiency(), 1e-9);
    assertTrue(f.efficiencyNote().contains("overstates"), f.efficiencyNote());
  }

  @Test
  void plotDataRowsGiveAFresherRateThanFuzzerStats() {
    FuzzerStats stale = stats(2000, 100_000, 900);
    PlotPoint a = new PlotPoint(60, 1500, 90_000L);
    PlotPoint b = new PlotPoint(65, 1700, 100_000L);
    // two rows: their difference; one row: its own rate; none: fuzzer_stats
    assertEquals(2000.0, TopAnalyzer.execsPerSec(stale, stale, a, b), 1e-9);
    assertEquals(1700.0, TopAnalyzer.execsPerSec(stale, stale, b, b), 1e-9);
    assertEquals(900.0, TopAnalyzer.execsPerSec(stale, stale, null, null), 1e-9);
    assertNull(TopAnalyzer.execsPerSec(null, null, null, null));
  }

  @Test
  void efficiencyNeedsASecondary() throws IOException {
    TopFrame f = TopAnalyzer.frame(
        sample(0, List.of(instance("a", 1, Role.MAIN, 0, stats(1, 1, 10)),
            instance("b", 2, Role.MAIN, 0, stats(1, 1, 10)))),
        sample(1, List.of(instance("a", 1, Role.MAIN, 1, stats(1, 1, 10)),
            instance("b", 2, Role.MAIN, 1, stats(1, 1, 10)))));
    assertNull(f.efficiency());
    assertTrue(f.efficiencyNote().contains("-S"), f.efficiencyNote());
  }

  @Test
  void anExitedInstanceIsARowWithoutCpu() throws IOException {
    InstanceSample gone = new InstanceSample("s9", -1, Role.SECONDARY, null, List.of(),
        stats(5, 5, 5), null);
    TopFrame f = TopAnalyzer.frame(sample(0, List.of(gone)), sample(1, List.of(gone)));
    InstanceRow r = f.instances().get(0);
    assertFalse(r.running());
    assertEquals(0.0, r.cpuPct());
    assertNull(f.totalExecsPerSec());
  }

  @Test
  void sortsCycleAndOrder() {
    assertEquals(TopSort.KERNEL, TopSort.EXECS.next());
    assertEquals(TopSort.EXECS, TopSort.NAME.next());
    InstanceRow a = new InstanceRow("a", 1, Role.MAIN, true, 10.0, 50, 5.0, List.of(0), 0, null,
        true, false);
    InstanceRow b = new InstanceRow("b", 2, Role.SECONDARY, true, 20.0, 40, 50.0, List.of(1), 1,
        null, true, false);
    assertEquals(List.of(b, a), TopSort.EXECS.sort(List.of(a, b)));
    assertEquals(List.of(b, a), TopSort.KERNEL.sort(List.of(a, b)));
    assertEquals(List.of(a, b), TopSort.CPU.sort(List.of(a, b)));
    assertEquals(List.of(a, b), TopSort.NAME.sort(List.of(b, a)));
  }

  @Test
  void roleFromArgsStopsAtTheTarget() {
    assertEquals(Role.SECONDARY, Role.ofArgs(List.of("afl-fuzz", "-i", "in", "-S", "s1")));
    assertEquals(Role.SINGLE, Role.ofArgs(List.of("afl-fuzz", "-o", "o", "--", "./t", "-M")));
  }
}
