package dev.fuzzprof.analyze.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.analyze.Mode;
import dev.fuzzprof.analyze.campaign.CpuTime;
import dev.fuzzprof.parse.proc.ProcessMoment;
import dev.fuzzprof.analyze.attach.LiveMeasurements.ProcessSample;
import dev.fuzzprof.parse.proc.CpuTicks;
import dev.fuzzprof.parse.proc.PidStat;
import dev.fuzzprof.parse.proc.ProcStat;
import dev.fuzzprof.parse.proc.Schedstat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The arithmetic of attach on figures like those of the persistent reference target. */
class LiveAnalyzerTest {

  private static PidStat stat(int pid, long utime, long stime) {
    return new PidStat(pid, "pd", 'R', 1, utime, stime, 0, 0, 100, 0);
  }

  private static ProcessSample sample(String role, int pid, List<Integer> cpus, long u0, long s0,
      long u1, long s1) {
    return new ProcessSample(role, pid, "pd", cpus, stat(pid, u0, s0), stat(pid, u1, s1),
        new Schedstat(0, 0, 0), new Schedstat(1, 500_000_000L, 10), 1000, 1000 + 3 * 200_000,
        false);
  }

  private static LiveMeasurements measurements(List<ProcessSample> others, List<String> missing) {
    Map<String, Long> per = new LinkedHashMap<>();
    for (String n : List.of("openat", "read", "close", "gettid", "getpid", "tgkill")) {
      per.put(n, 200_000L);
    }
    ProcStat start = new ProcStat(new CpuTicks(-1, 0, 0, 0, 0, 0, 0, 0, 0),
        List.of(new CpuTicks(0, 0, 0, 0, 0, 0, 0, 0, 0), new CpuTicks(1, 0, 0, 0, 0, 0, 0, 0, 0)),
        List.of());
    ProcStat end = new ProcStat(new CpuTicks(-1, 0, 0, 0, 0, 0, 0, 0, 0),
        List.of(new CpuTicks(0, 300, 0, 200, 0, 0, 0, 0, 0),
            new CpuTicks(1, 10, 0, 10, 480, 0, 0, 0, 0)), List.of());
    // the fork server (41) and its persistent child (42): 60 user + 430 system ticks in 5 s
    List<ProcessMoment> before = List.of(new ProcessMoment(stat(41, 0, 0), null, null),
        new ProcessMoment(stat(42, 0, 0), null, null));
    List<ProcessMoment> after = List.of(new ProcessMoment(stat(41, 10, 180), null, null),
        new ProcessMoment(stat(42, 50, 250), null, null));
    return new LiveMeasurements(42, Mode.PERSISTENT, 5.0, 5.0, "perf", 200_000L, 200_000L, 1.0,
        1_200_000L, per,
        List.of(sample("forkserver", 41, List.of(0), 0, 0, 10, 180),
            sample("target", 42, List.of(0), 0, 0, 50, 250)),
        others, start, end, null, null, null, 100, CpuTime.tree(before, after, 5.0, 100),
        List.of(0), false, null, missing);
  }

  @Test
  void ratesSplitsAndFindings() {
    AttachReport r = LiveAnalyzer.analyze(measurements(List.of(), List.of()));
    assertEquals(40_000, r.execsPerSec(), 1e-6);
    assertEquals(6.0, r.syscallsPerCase(), 1e-9);
    // the tree ran 490 of 500 ticks of CPU 0, which ran 500: alone there, so the split comes
    // from CPU 0's own counters (200 system of 500), not from the processes' utime/stime
    assertEquals("cpu", r.kernelSource());
    assertEquals(39.2, r.kernelPercent(), 1e-9);   // 98% of a CPU x 40% system
    assertEquals(58.8, r.userPercent(), 1e-9);
    assertNull(r.contextSwitchesPerCase());        // a persistent child's switches are no count
    assertEquals(10.0, r.runQueueWaitPercent(), 1e-9);
    assertEquals(60.0, r.perCore().get(0).userPercent(), 1e-9);
    assertEquals(96.0, r.perCore().get(1).idlePercent(), 1e-9);
    assertEquals(6, r.perSyscall().size());
    assertFalse(r.partial());
    List<String> ids = r.findings().stream().map(f -> f.id()).toList();
    assertTrue(ids.contains("kernel-heavy"), ids.toString());
    assertTrue(ids.contains("file-input"), ids.toString());
    assertFalse(ids.contains("shared-cpu"));
    assertNull(r.observerSlowdown());
  }

  @Test
  void busyNeighbourOnThePinnedCpuIsSharedCpu() {
    ProcessSample other = new ProcessSample("other", 99, "afl-fuzz", List.of(0),
        stat(99, 0, 0), stat(99, 200, 50), null, null, 0, 0, false);
    AttachReport r = LiveAnalyzer.analyze(measurements(List.of(other), List.of()));
    assertTrue(r.findings().stream().anyMatch(f -> f.id().equals("shared-cpu")
        && f.message().contains("pid 99")), r.findings().toString());
  }

  @Test
  void missingMakesAPartialReport() {
    AttachReport r = LiveAnalyzer.analyze(measurements(List.of(),
        List.of("cases and syscalls not counted: perf is not installed")));
    assertTrue(r.partial());
    assertTrue(r.findings().stream().anyMatch(f -> f.id().equals("partial-attach")));
  }
}
