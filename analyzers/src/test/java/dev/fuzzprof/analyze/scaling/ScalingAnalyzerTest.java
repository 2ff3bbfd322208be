package dev.fuzzprof.analyze.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.acquire.afl.AflInstanceFiles;
import dev.fuzzprof.acquire.afl.AflOutputDir;
import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.FindingId;
import dev.fuzzprof.analyze.FindingIds;
import dev.fuzzprof.analyze.scaling.ScalingInput.Instance;
import dev.fuzzprof.analyze.scaling.ScalingInput.Task;
import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.FuzzerStatsParser;
import dev.fuzzprof.parse.proc.ProcStat;
import dev.fuzzprof.parse.sys.CpuTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalingAnalyzerTest {
  static final String STATS = Campaigns.text("fuzzer_stats-aflpp-4.04c-s1-exited.txt");
  static final long NOW = 1795307702L + 30;

  static FuzzerStats stats(int pid, String role, String name, double execs) {
    return FuzzerStatsParser.parse(STATS.replace("20306", Integer.toString(pid))
        .replace("14545.26", String.format(java.util.Locale.ROOT, "%.2f", execs))
        .replace("-S s1", role + " " + name));
  }

  static Instance live(String name, String role, int pid, double execs, List<Integer> cpus,
      long ticks, long waitNs) {
    FuzzerStats s = stats(pid, role, name, execs);
    Task before = Campaigns.aflFuzz(pid, cpus, 100, 100);
    Task after = Campaigns.aflFuzz(pid, cpus, 100 + ticks / 2, 100 + ticks / 2, waitNs);
    return new Instance(name, s, null, s.commandLine(), List.of(before), List.of(after), null);
  }

  static ScalingInput input(List<Instance> instances, ProcStat[] ps, CpuTopology topo) {
    return new ScalingInput("sync", instances, topo, ps[0], ps[1], 2.0, NOW, null, List.of());
  }

  static Set<String> ids(ScalingReport r) {
    return r.findings().stream().map(Finding::id).collect(Collectors.toSet());
  }

  @Test
  void twoInstancesOnCpu0Collide() {
    ProcStat[] ps = Campaigns.procStat(2, 0.47, 1.0, 0.02);
    ScalingReport r = ScalingAnalyzer.analyze(input(List.of(
        live("main", "-M", 100, 6109, List.of(0), 100, 1_000_000_000L),
        live("s1", "-S", 101, 6521, List.of(0), 100, 1_000_000_000L)), ps,
        CpuTopology.flat(List.of(0, 1))));
    assertEquals(List.of(0), r.busyCpus());
    assertEquals(List.of(1), r.idleCpus());
    assertEquals(1, r.collisions().size());
    assertEquals(0, r.collisions().get(0).cpu());
    assertEquals(List.of("main", "s1"), r.collisions().get(0).instances());
    assertTrue(ids(r).containsAll(Set.of("affinity-collision", "idle-cores", "kernel-heavy")),
        ids(r).toString());
    Finding c = r.findings().get(0);
    assertEquals("affinity-collision", c.id());
    assertTrue(c.message().contains("CPU 0") && c.message().contains("main")
        && c.message().contains("6,521"), c.message());
    assertEquals(12630.0, r.cumulativeExecsPerSec(), 0.01);
    assertEquals(50.0, r.instances().get(0).cpuPercent(), 0.01);
    assertEquals(47.0, r.kernelPercent(), 1.0);
    // the baseline is estimated from the -S instance, and says so
    assertEquals("estimate", r.baseline().source());
    assertEquals(6521.0, r.baseline().execsPerSec(), 0.01);
    assertTrue(r.baseline().how().contains("too low"), r.baseline().how());
  }

  @Test
  void pinnedToTheirOwnCpusDoNotCollide() {
    ProcStat[] ps = Campaigns.procStat(2, 0.3, 1.0, 1.0);
    ScalingReport r = ScalingAnalyzer.analyze(input(List.of(
        live("main", "-M", 100, 8699, List.of(0), 200, 0),
        live("s1", "-S", 101, 13352, List.of(1), 200, 0)), ps, CpuTopology.flat(List.of(0, 1))));
    assertEquals(List.of(), r.collisions());
    assertEquals(List.of(0, 1), r.busyCpus());
    assertEquals(List.of(), r.idleCpus());
    assertTrue(!ids(r).contains("affinity-collision") && !ids(r).contains("idle-cores"));
  }

  @Test
  void smtSiblingsAndGivenBaseline() {
    CpuTopology ht = new CpuTopology(List.of(new CpuTopology.Cpu(0, 0, 0, List.of(0, 1)),
        new CpuTopology.Cpu(1, 0, 0, List.of(0, 1))));
    ScalingInput in = input(List.of(
        live("a", "-S", 100, 3000, List.of(0), 200, 0),
        live("b", "-S", 101, 3000, List.of(1), 200, 0)), Campaigns.procStat(2, 0.1, 1, 1), ht);
    in = new ScalingInput(in.source(), in.instances(), ht, in.before(), in.after(), 2.0, NOW,
        new ScalingInput.Baseline(7275, "given: --baseline 7275 execs/s"), List.of());
    ScalingReport r = ScalingAnalyzer.analyze(in);
    assertTrue(ids(r).contains("smt-contention"), ids(r).toString());
    assertEquals("given", r.baseline().source());
    assertEquals(0.412, r.scalingEfficiency(), 0.001);
    assertTrue(ids(r).contains("scaling-below-linear"));
  }

  @Test
  void finishedCampaignDeadStaleUnstableSlow() {
    List<Instance> list = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      FuzzerStats s = stats(200 + k, "-S", "s" + k, k == 4 ? 1000 : 10000);
      list.add(new Instance("s" + k, s, null, s.commandLine(), null, null, null));
    }
    ScalingReport r = ScalingAnalyzer.analyze(
        new ScalingInput("out", list, null, null, null, 0, NOW, null, List.of()));
    assertEquals(0, r.alive());
    assertEquals(5, r.dead());
    assertNull(r.scalingEfficiency() == null ? null : null);
    assertTrue(ids(r).containsAll(Set.of("dead-instance", "low-stability", "slow-instance")),
        ids(r).toString());
    assertEquals(41000.0, r.cumulativeExecsPerSec(), 0.01);
    assertTrue(r.findings().stream().anyMatch(f -> f.id().equals("slow-instance")
        && f.message().contains("s4")));
    // a live pid whose stats are old: stale
    Instance stale = live("old", "-S", 300, 5000, List.of(0), 100, 0);
    ScalingReport r2 = ScalingAnalyzer.analyze(new ScalingInput("out", List.of(stale),
        CpuTopology.flat(List.of(0)), Campaigns.procStat(2, 0.1, 1)[0],
        Campaigns.procStat(2, 0.1, 1)[1], 2, NOW + 3600, null, List.of()));
    assertTrue(ids(r2).contains("stale-stats"), ids(r2).toString());
  }

  @Test
  void findingIdsAreListed() {
    Set<String> all = FindingIds.all().stream().map(FindingId::id).collect(Collectors.toSet());
    for (ScalingFindingId id : ScalingFindingId.values()) {
      assertTrue(all.contains(id.id()));
      assertTrue(id.id().matches("[a-z]+(-[a-z]+)*"));
    }
    assertEquals(10, ScalingFindingId.values().length);
  }

  @Test
  void twoHundredFiftySixInstances(@TempDir Path sync) throws IOException {
    int n = 256;
    int cpus = 64;
    for (int k = 0; k < n; k++) {
      String name = k == 0 ? "main" : "s" + k;
      Path d = Files.createDirectories(sync.resolve(name).resolve("queue"));
      Files.writeString(d.getParent().resolve("fuzzer_stats"),
          STATS.replace("20306", Integer.toString(10_000 + k))
              .replace("14545.26", Integer.toString(4000 + (k % 7) * 10))
              .replace("-S s1", k == 0 ? "-M main" : "-S " + name));
      Files.writeString(d.getParent().resolve("plot_data"),
          "# relative_time, cycles_done, cur_item, corpus_count, pending_total, pending_favs,"
              + " map_size, saved_crashes, saved_hangs, max_depth, execs_per_sec, total_execs,"
              + " edges_found\n5, 0, 0, 1, 1, 1, 1.00%, 0, 0, 1, 3900.00, 19500, 8\n");
    }
    // read and parse (I/O, not timed), then analyze (timed)
    List<AflInstanceFiles> files = AflOutputDir.read(sync);
    assertEquals(n, files.size());
    double[] busy = new double[cpus];
    java.util.Arrays.fill(busy, 1.0);
    busy[63] = 0.01; // nobody bound there
    List<Instance> instances = new ArrayList<>();
    for (int k = 0; k < files.size(); k++) {
      AflInstanceFiles f = files.get(k);
      FuzzerStats s = FuzzerStatsParser.parse(f.fuzzerStats());
      int cpu = k % (cpus - 1); // 256 instances on 63 CPUs: collisions everywhere
      Task a = Campaigns.aflFuzz(s.fuzzerPid(), List.of(cpu), 100, 100);
      Task b = Campaigns.aflFuzz(s.fuzzerPid(), List.of(cpu), 150, 150, 1_500_000_000L);
      instances.add(new Instance(f.name(), s,
          dev.fuzzprof.parse.afl.PlotDataParser.parse(f.plotData()), s.commandLine(),
          List.of(a), List.of(b), null));
    }
    ProcStat[] ps = Campaigns.procStat(2, 0.5, busy);
    long t0 = System.nanoTime();
    ScalingReport r = ScalingAnalyzer.analyze(new ScalingInput(sync.toString(), instances,
        CpuTopology.flat(java.util.stream.IntStream.range(0, cpus).boxed().toList()), ps[0],
        ps[1], 2.0, NOW, null, List.of()));
    double ms = (System.nanoTime() - t0) / 1e6;
    System.out.printf("analysis of %d instances took %.1f ms%n", n, ms);
    assertEquals(n, r.instances().size());
    assertEquals(n, r.alive());
    assertEquals(63, r.collisions().size());
    assertEquals(List.of(63), r.idleCpus());
    assertTrue(ids(r).containsAll(Set.of("affinity-collision", "idle-cores", "oversubscribed",
        "kernel-heavy")), ids(r).toString());
    assertEquals("main", r.instances().get(0).name());
    assertEquals("main", r.instances().get(0).role());
    assertNotNull(r.baseline());
    assertTrue(r.baseline().how().contains("-S"));
    assertEquals(64, r.perCore().size());
    assertEquals(5, r.collisions().get(0).instances().size());
  }
}
