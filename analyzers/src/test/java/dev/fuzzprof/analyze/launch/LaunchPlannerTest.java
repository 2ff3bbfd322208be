package dev.fuzzprof.analyze.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.parse.afl.AflBuild;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.parse.sys.CpuTopology;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LaunchPlannerTest {
  static final AflBuild AFLPP = new AflBuild(AflBuild.Flavour.AFLPLUSPLUS, "4.04c", false);
  static final AflBuild AFLPP_SYNC = new AflBuild(AflBuild.Flavour.AFLPLUSPLUS, "4.21c", true);
  static final AflBuild AFL = new AflBuild(AflBuild.Flavour.AFL, "2.57b", false);

  static LaunchRequest req(AflBuild b, int n, List<Integer> cpus, Set<Integer> held,
      Map<String, String> env, Mix mix, Optional<String> cmplog, boolean allS) {
    return new LaunchRequest(Optional.ofNullable(b), "/usr/bin/afl-fuzz", n, cpus, held,
        "/s", "/o", List.of("/t", "@@"), List.of("-t", "200"), env, mix, cmplog, allS);
  }

  @Test
  void trialCpuSetsNeverSplitACoreBetweenTheArms() {
    // 4 cores of 2 threads, siblings numbered after all first threads: 0-3 and 4-7
    List<CpuTopology.Cpu> cpus = new java.util.ArrayList<>();
    for (int c = 0; c < 8; c++) {
      cpus.add(new CpuTopology.Cpu(c, c % 4, 0, List.of(c % 4, c % 4 + 4)));
    }
    CpuTopology smt = new CpuTopology(cpus);
    List<Integer> order = List.of(0, 1, 2, 3, 4, 5, 6, 7);
    assertEquals(List.of(List.of(0, 1), List.of(2, 3)),
        LaunchPlanner.cpuSets(order, Set.of(), 2, 2, smt), "one thread per core");
    assertEquals(List.of(List.of(0, 4, 1, 5), List.of(2, 6, 3, 7)),
        LaunchPlanner.cpuSets(order, Set.of(), 4, 2, smt), "two whole cores each");
    // 3 CPUs each: 3 cores would be split (4 cores), and 3 is no multiple of 2 threads
    FuzzprofException e = assertThrows(FuzzprofException.class,
        () -> LaunchPlanner.cpuSets(order, Set.of(), 3, 2, smt));
    assertTrue(e.getMessage().contains("up to 2 (one thread per core) or a multiple of 2 up to"
        + " 4 (whole cores)"), e.getMessage());
  }

  @Test
  void trialCpuSetsAreDisjointHeldCpusLastAndTheArmsSwapEachRound() {
    // the box's order (cores first: 0 and 2 are one core's threads here), CPU 1 held
    // cores {0,2} and {1,3}
    CpuTopology split = new CpuTopology(List.of(
        new CpuTopology.Cpu(0, 0, 0, List.of(0, 2)), new CpuTopology.Cpu(1, 1, 0, List.of(1, 3)),
        new CpuTopology.Cpu(2, 0, 0, List.of(0, 2)), new CpuTopology.Cpu(3, 1, 0, List.of(1, 3))));
    List<List<Integer>> sets = LaunchPlanner.cpuSets(List.of(0, 1, 3, 2), Set.of(1), 1, 2,
        split);
    assertEquals(List.of(List.of(0), List.of(3)), sets, "one thread of each core");
    // two CPUs each on two cores: whole cores, none split between the arms
    assertEquals(List.of(List.of(0, 2), List.of(3, 1)),
        LaunchPlanner.cpuSets(List.of(0, 1, 3, 2), Set.of(1), 2, 2, split));
    // no topology: each CPU a core of its own, in the order given, held ones last
    assertEquals(List.of(List.of(0, 3), List.of(2, 1)),
        LaunchPlanner.cpuSets(List.of(0, 1, 3, 2), Set.of(1), 2, 2, null));
    FuzzprofException e = assertThrows(FuzzprofException.class,
        () -> LaunchPlanner.cpuSets(List.of(0, 1, 2), Set.of(), 2, 2, null));
    assertTrue(e.getMessage().contains("need 4 CPUs") && e.getMessage().contains("may use 3"),
        e.getMessage());
    assertThrows(FuzzprofException.class, () -> LaunchPlanner.cpuSets(List.of(0, 1), Set.of(),
        0, 2, null));
    // round 0: A on set 0, B on set 1; round 1 swapped; and so on
    assertEquals(List.of(0, 1, 1, 0, 0, 1), List.of(LaunchPlanner.setOf(0, 0),
        LaunchPlanner.setOf(1, 0), LaunchPlanner.setOf(0, 1), LaunchPlanner.setOf(1, 1),
        LaunchPlanner.setOf(0, 2), LaunchPlanner.setOf(1, 2)));
  }

  @Test
  void aflPlusPlusMainFirstEachOnItsCpuWithB() {
    LaunchPlan p = LaunchPlanner.plan(req(AFLPP, 3, List.of(0, 2, 1, 3), Set.of(), Map.of(),
        Mix.PLAIN, Optional.empty(), false));
    assertEquals("afl++", p.engine());
    assertEquals(List.of("main", "s1", "s2"),
        p.instances().stream().map(PlannedInstance::name).toList());
    assertEquals(List.of(0, 2, 1), p.instances().stream().map(PlannedInstance::cpu).toList());
    assertEquals(List.of("/usr/bin/afl-fuzz", "-i", "/s", "-o", "/o", "-M", "main", "-b", "0",
        "-t", "200", "--", "/t", "@@"), p.instances().get(0).command());
    assertEquals(List.of("/usr/bin/afl-fuzz", "-i", "/s", "-o", "/o", "-S", "s2", "-b", "1",
        "-t", "200", "--", "/t", "@@"), p.instances().get(2).command());
    assertEquals(Map.of("AFL_NO_UI", "1"), p.instances().get(1).env());
    assertEquals("/o/s1/fuzzer_stats", p.instances().get(1).statsFile());
    assertEquals("/o/s1.log", p.instances().get(1).log());
  }

  @Test
  void heldCpusGoLastAndSayWhy() {
    LaunchPlan p = LaunchPlanner.plan(req(AFLPP, 3, List.of(0, 1, 2, 3), Set.of(0), Map.of(),
        Mix.PLAIN, Optional.empty(), false));
    assertEquals(List.of(1, 2, 3), p.instances().stream().map(PlannedInstance::cpu).toList());
    LaunchPlan all = LaunchPlanner.plan(req(AFLPP, 2, List.of(0, 1), Set.of(0), Map.of(),
        Mix.PLAIN, Optional.empty(), false));
    assertEquals(0, all.instances().get(1).cpu());
    assertTrue(all.instances().get(1).notes().get(0).contains("pinned-process"));
    assertEquals("afl-fuzz -b", all.instances().get(1).binding());
  }

  @Test
  void originalAflAndAUserNoAffinityBindWithTaskset() {
    for (LaunchRequest r : List.of(
        req(AFL, 2, List.of(0, 1), Set.of(), Map.of(), Mix.PLAIN, Optional.empty(), false),
        req(AFLPP, 2, List.of(0, 1), Set.of(), Map.of("AFL_NO_AFFINITY", "1"), Mix.PLAIN,
            Optional.empty(), false))) {
      LaunchPlan p = LaunchPlanner.plan(r);
      PlannedInstance s1 = p.instances().get(1);
      assertEquals(List.of("taskset", "-c", "1", "/usr/bin/afl-fuzz"),
          s1.command().subList(0, 4));
      assertFalse(s1.command().contains("-b"));
      assertEquals("1", s1.env().get("AFL_NO_AFFINITY"));
      assertEquals("taskset", s1.binding());
    }
  }

  @Test
  void diverseMixFollowsAflPlusPlusGuidance() {
    List<Integer> cpus = java.util.stream.IntStream.range(0, 11).boxed().toList();
    LaunchPlan p = LaunchPlanner.plan(req(AFLPP_SYNC, 11, cpus, Set.of(), Map.of(),
        Mix.DIVERSE, Optional.of("/t.cmplog"), false));
    List<PlannedInstance> sec = p.instances().subList(1, 11);
    PlannedInstance main = p.instances().get(0);
    assertEquals("1", main.env().get("AFL_FINAL_SYNC"));
    assertFalse(main.command().contains("-p"));
    assertEquals(List.of("fast", "explore", "coe", "lin", "quad", "exploit", "rare", "fast",
        "explore", "coe"), sec.stream().map(i -> i.command().get(i.command().indexOf("-p") + 1))
            .toList());
    assertEquals(1, sec.stream().filter(i -> i.command().contains("-L")).count());
    assertEquals(6, sec.stream().filter(i -> i.env().containsKey("AFL_DISABLE_TRIM")).count());
    assertEquals(2, sec.stream().filter(i -> i.command().contains("-c")).count());
    assertTrue(sec.get(0).command().containsAll(List.of("-c", "/t.cmplog")));
  }

  @Test
  void diverseWithoutCmplogOrFinalSyncSaysSo() {
    LaunchPlan p = LaunchPlanner.plan(req(AFLPP, 2, List.of(0, 1), Set.of(), Map.of(),
        Mix.DIVERSE, Optional.empty(), false));
    assertTrue(p.notes().stream().anyMatch(n -> n.contains("--cmplog")));
    assertTrue(p.notes().stream().anyMatch(n -> n.contains("AFL_FINAL_SYNC")));
    assertFalse(p.instances().get(0).env().containsKey("AFL_FINAL_SYNC"));
    LaunchPlan afl = LaunchPlanner.plan(req(AFL, 2, List.of(0, 1), Set.of(), Map.of(),
        Mix.DIVERSE, Optional.empty(), false));
    assertEquals("plain", afl.mix());
    assertFalse(afl.instances().get(1).command().contains("-p"));
  }

  @Test
  void scaleStepsAreAllSecondaries() {
    LaunchPlan p = LaunchPlanner.plan(req(AFLPP, 2, List.of(0, 1), Set.of(), Map.of(),
        Mix.PLAIN, Optional.empty(), true));
    assertEquals(List.of("s1", "s2"), p.instances().stream().map(PlannedInstance::name).toList());
    assertTrue(p.instances().stream().allMatch(i -> i.command().contains("-S")));
  }

  @Test
  void moreInstancesThanCpusIsRefused() {
    FuzzprofException e = assertThrows(FuzzprofException.class, () -> LaunchPlanner.plan(
        req(AFLPP, 3, List.of(0, 1), Set.of(), Map.of(), Mix.PLAIN, Optional.empty(), false)));
    assertEquals(FuzzprofException.Kind.USAGE, e.kind());
    assertTrue(e.getMessage().contains("one instance per CPU"));
  }

  @Test
  void restartsResume() {
    LaunchPlan pp = LaunchPlanner.plan(req(AFLPP, 1, List.of(0), Set.of(), Map.of(),
        Mix.PLAIN, Optional.empty(), false));
    PlannedInstance again = LaunchPlanner.forRestart(pp.instances().get(0), "afl++");
    assertEquals("1", again.env().get("AFL_AUTORESUME"));
    assertEquals(pp.instances().get(0).command(), again.command());
    LaunchPlan old = LaunchPlanner.plan(req(AFL, 1, List.of(0), Set.of(), Map.of(),
        Mix.PLAIN, Optional.empty(), false));
    PlannedInstance oldAgain = LaunchPlanner.forRestart(old.instances().get(0), "afl");
    int i = oldAgain.command().indexOf("-i");
    assertEquals("-", oldAgain.command().get(i + 1));
  }

  @Test
  void libFuzzerWorkersShareOneCorpus() {
    LaunchRequest r = new LaunchRequest(Optional.empty(), "", 2, List.of(0, 1), Set.of(),
        "/s", "/o", List.of("/lf", "-max_len=64"), List.of(), Map.of(), Mix.PLAIN,
        Optional.empty(), false);
    LaunchPlan p = LaunchPlanner.plan(r);
    assertEquals("libfuzzer", p.engine());
    assertEquals(List.of("taskset", "-c", "1", "/lf", "-max_len=64",
        "-artifact_prefix=/o/crashes/", "/o/corpus", "/s"), p.instances().get(1).command());
    assertEquals("/o/fuzz-1.log", p.instances().get(1).log());
    assertTrue(p.directories().containsAll(List.of("/o/corpus", "/o/crashes")));
  }
}
