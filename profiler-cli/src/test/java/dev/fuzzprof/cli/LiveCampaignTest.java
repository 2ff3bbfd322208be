package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fuzzprof.cli.LiveTruth.Sampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;

/**
 * fuzzprof's live figures against ground truth measured by this test, on one real AFL++
 * campaign ({@link LiveCampaign}): main + s1 collided on CPU 0, s2 (fork server) alone on CPU 1,
 * s3 aborted at start. The methods run in campaign order: the first-minute ones while AFL++'s
 * own files carry no rate (age 15-50 s), the steady ones once plot_data has rows spanning 10 s
 * (age >= 75 s). Each tolerance is written next to its assertion.
 *
 * <p>Case counts come from the fork servers' syscw ({@link LiveTruth}), CPU from the kernel's
 * cpuacct accounting of each instance's process tree (a group per instance) and from /proc/stat;
 * a command's own window lies somewhere inside its run, so each figure is compared with the
 * truth of the window of the same length inside the run that is nearest to it (windows start
 * every 50 ms).
 */
@Tag("live")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveCampaignTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> INSTANCE_KEYS = List.of("name", "role", "pid", "alive",
      "status", "execsPerSec", "execsSource", "execsSeconds", "cpus", "cpuPercent",
      "kernelPercent");
  private static final List<String> REPORT_KEYS = List.of("instances", "collisions", "perCore",
      "cumulativeExecsPerSec", "cumulativeInstances", "scalingEfficiency");
  private static LiveCampaign c;
  private static Observed firstMinute;
  private static Observed steady;

  /** A command's JSON output with the truth sampled while it ran. */
  record Observed(JsonNode json, Sampler truth, double ageStart, double ageEnd, CliRun run) {}

  @BeforeAll
  static void campaign() throws Exception {
    c = LiveCampaign.shared();
    System.out.printf("live campaign in %s, started %.1f s ago; s3 %s%n", c.dir, c.age(),
        c.s3Aborted() ? "aborted at start (no free CPU)" : "did NOT abort:\n" + c.s3Log());
  }

  @AfterAll
  static void stop() {
    LiveCampaign.stopShared();
  }

  // ------------------------------------------------------------------ first minute

  /** 1. Before AFL++ writes a rate, every live instance is `starting` with a counted rate. */
  @Test
  @Order(1)
  void firstMinuteRatesAreCountedLive() throws Exception {
    c.waitUntilAge(15);
    assertTrue(c.age() < 42, "campaign already " + c.age() + " s old: too late for the first "
        + "minute (a slow start?)");
    firstMinute = observe("scaling-report", c.sync.toString(), "--sample", "5s", "--format",
        "json");
    JsonNode j = firstMinute.json();
    assertTrue(firstMinute.ageEnd() <= 50, "report ended at age " + firstMinute.ageEnd());
    List<Executable> checks = new ArrayList<>();
    for (String n : LiveCampaign.LIVE) {
      JsonNode i = instance(j, n);
      checks.add(() -> assertEquals("starting", text(i, "status"), n + ": " + i));
      checks.add(() -> assertEquals("counted", text(i, "execsSource"), n + ": " + i));
      checks.add(() -> {
        assertTrue(number(i, "execsPerSec"), n + " has no execsPerSec: " + i);
        double claimed = i.get("execsPerSec").asDouble();
        double secs = seconds(i.get("execsSeconds"), 5);
        double truth = firstMinute.truth().nearest(secs, claimed, Sampler.caseRate(n));
        double whole = firstMinute.truth().whole(Sampler.caseRate(n));
        System.out.printf("first minute %s: fuzzprof %.0f execs/s over %.1f s; fork server "
            + "counted %.0f (nearest %.1f s window), %.0f over the whole %.1f s run%n", n,
            claimed, secs, truth, secs, whole, firstMinute.truth().seconds());
        assertWithin(claimed, truth, 0.10, n + " execsPerSec vs fork-server cases");
      });
    }
    assertAll(checks);
  }

  /** 4. s2 alone on CPU 1: its CPU and kernel share are what the kernel accounted to it. */
  @Test
  @Order(2)
  void forkServerInstanceCpuMatchesTheKernel() throws Exception {
    Observed o = firstMinute != null ? firstMinute
        : observe("scaling-report", c.sync.toString(), "--sample", "5s", "--format", "json");
    JsonNode s2 = instance(o.json(), "s2");
    assertTrue(number(s2, "cpuPercent") && number(s2, "kernelPercent"), s2.toString());
    double cpu = s2.get("cpuPercent").asDouble();
    double kernel = s2.get("kernelPercent").asDouble();
    Sampler t = o.truth();
    double busy1 = t.nearest(5, cpu, Sampler.cpuBusyPercent(1));
    double kern1 = t.nearest(5, kernel, Sampler.cpuKernelPercent(1));
    System.out.printf("s2: fuzzprof cpu %.1f%% kernel %.1f%%; CPU 1 over the run: %s%n", cpu,
        kernel, t.cpuWhole(1));
    List<Executable> checks = new ArrayList<>();
    boolean quiet = true;
    if (c.cgroup("s2") != null) {
      double gCpu = t.nearest(5, cpu, Sampler.groupPercent("s2"));
      double gKernel = t.nearest(5, kernel, Sampler.groupKernelPercent("s2"));
      double foreign = t.whole(Sampler.cpuBusyPercent(1)) - t.whole(Sampler.groupPercent("s2"));
      quiet = foreign < 5;
      System.out.printf("s2 cgroup: cpu %.1f%% kernel %.1f%% (nearest 5 s windows); other work "
          + "on CPU 1: %.1f%%%n", gCpu, gKernel, foreign);
      // 10 points: the group is exactly s2's processes, ticks split user/system as /proc/stat
      checks.add(() -> assertWithinPoints(cpu, gCpu, 10, "s2 cpuPercent vs its cgroup"));
      checks.add(() -> assertWithinPoints(kernel, gKernel, 10, "s2 kernelPercent vs its cgroup"));
    }
    if (quiet) {
      // CPU 1 had (almost) nothing but s2: /proc/stat of CPU 1 is s2's truth too (10 points)
      checks.add(() -> assertWithinPoints(cpu, busy1, 10, "s2 cpuPercent vs CPU 1 busy"));
      checks.add(() -> assertWithinPoints(kernel, kern1, 10, "s2 kernelPercent vs CPU 1 "
          + "system/(user+system)"));
    } else {
      System.out.printf("CPU 1 shared with other work: /proc/stat (busy %.1f%%, kernel %.1f%%) "
          + "is not s2's alone, not asserted%n", busy1, kern1);
    }
    assertAll(checks);
  }

  /** 5. attach on main's afl-fuzz (shared-memory persistent target). */
  @Test
  @Order(3)
  void attachToShmemAflFuzzCountsItsCases() throws Exception {
    Observed o = observe("attach", "--pid", Integer.toString(c.aflPid("main")), "--duration",
        "5s", "--format", "json");
    JsonNode j = o.json();
    double claimed = j.path("execsPerSec").asDouble(Double.NaN);
    double secs = seconds(j.get("seconds"), 5);
    double truth = o.truth().nearest(secs, claimed, Sampler.caseRate("main"));
    System.out.printf("attach main: mode %s, %.0f execs/s over %.2f s (fork server: %.0f "
        + "nearest, %.0f whole run), %s syscalls/case%n", text(j, "mode"), claimed, secs, truth,
        o.truth().whole(Sampler.caseRate("main")), j.get("syscallsPerCase"));
    assertAll(
        () -> assertEquals("shmem", text(j, "mode"), j.toString()),
        () -> {
          // the child's gettid, getpid, tgkill(SIGSTOP) per case, plus its replacement
          // every 1000 cases
          assertTrue(number(j, "syscallsPerCase"), j.toString());
          double spc = j.get("syscallsPerCase").asDouble();
          assertTrue(spc >= 2 && spc <= 4.5, "syscallsPerCase " + spc);
        },
        () -> assertWithin(claimed, truth, 0.10, "attach main execsPerSec vs fork-server cases"),
        () -> {
          // The strace pattern sample may miss here: __AFL_LOOP(1000) replaces the child every
          // ~70 ms, about what starting strace takes on a loaded box, and 6 tries failed in 1
          // of 7 full runs on 2026-12-02. The report then says so and is partial, its counted
          // figures asserted above; anything else missing fails.
          List<String> missing = new ArrayList<>();
          j.path("missing").forEach(m -> missing.add(m.asText()));
          assertTrue(missing.stream().allMatch(m ->
              m.startsWith("the strace sample caught no whole case")), "partial: " + j);
          if (missing.isEmpty()) {
            assertFalse(j.path("partial").asBoolean(true), "partial: " + j);
          }
        },
        () -> assertFalse((o.run().out() + o.run().err()).contains("exited during the window"),
            o.run().out() + o.run().err()));
  }

  /** 6. attach on s2's fork server: its kernel share as the kernel accounted it. */
  @Test
  @Order(4)
  void attachToForkServerSeesTheKernelShare() throws Exception {
    Observed o = observe("attach", "--pid", Integer.toString(c.forkServerPid("s2")),
        "--duration", "5s", "--format", "json");
    JsonNode j = o.json();
    double secs = seconds(j.get("seconds"), 5);
    assertEquals("forkserver", text(j, "mode"), j.toString());
    assertTrue(number(j, "kernelShare"), j.toString());
    // kernelShare: the kernel's share of the target's CPU time (kernelPercent is pidstat's
    // %system, of one CPU)
    double kernel = j.get("kernelShare").asDouble();
    Sampler t = o.truth();
    double kern1 = t.nearest(secs, kernel, Sampler.cpuKernelPercent(1));
    System.out.printf("attach s2 fork server: kernel %.1f%% from %s, user %s; CPU 1 over the "
        + "run: %s%n", kernel, j.get("kernelSource"), j.get("userPercent"), t.cpuWhole(1));
    List<Executable> checks = new ArrayList<>();
    checks.add(() -> assertFalse(text(j, "kernelSource").isBlank(), "no kernelSource: " + j));
    boolean quiet = true;
    if (c.cgroup("s2") != null) {
      double tree = t.nearest(secs, kernel, Sampler.groupKernelPercent("s2/target"));
      double all = t.whole(Sampler.groupKernelPercent("s2"));
      double foreign = t.whole(Sampler.cpuBusyPercent(1)) - t.whole(Sampler.groupPercent("s2"));
      quiet = foreign < 5;
      System.out.printf("s2 cgroups: fork server and targets %.1f%% kernel (nearest), with "
          + "afl-fuzz %.1f%%; other work on CPU 1: %.1f%%%n", tree, all, foreign);
      // 10 points of what the kernel accounted to the attached tree
      checks.add(() -> assertWithinPoints(kernel, tree, 10,
          "attach kernelPercent vs the fork server tree's cgroup"));
    }
    if (quiet) {
      checks.add(() -> assertWithinPoints(kernel, kern1, 10,
          "attach kernelPercent vs CPU 1 system/(user+system)"));
    } else {
      System.out.printf("CPU 1 shared with other work: its kernel share %.1f%% not asserted%n",
          kern1);
    }
    assertAll(checks);
  }

  /** 8. A stopped target: attach says so and leaves it stopped; it runs again on SIGCONT. */
  @Test
  @Order(5)
  void stoppedTargetIsReportedAndLeftStopped() throws Exception {
    int afl = c.aflPid("s1");
    int child = 0;
    try {
      // with afl-fuzz stopped its persistent child stops itself after the case it runs; it may
      // have just ended its 1000 cases (no child until afl-fuzz asks for the next): retry
      for (int attempt = 0; attempt < 20 && child == 0; attempt++) {
        signal("STOP", afl);
        Thread.sleep(300);
        int t = c.targetPid("s1");
        if (t > 0 && state(t).startsWith("T")) {
          child = t;
        } else {
          signal("CONT", afl);
          Thread.sleep(50);
        }
      }
      assertTrue(child > 0, "s1's persistent child never showed stopped");
      String before = status(child);
      CliRun r = CliRun.of("attach", "--pid", Integer.toString(child), "--duration", "3s",
          "--format", "json");
      String after = status(child);
      System.out.println("attach to stopped child " + child + ": code " + r.code() + ", "
          + r.out().strip() + " " + r.err().strip());
      System.out.println("stopped child's context switches before/after attach: "
          + field(before, "voluntary_ctxt_switches") + "/"
          + field(after, "voluntary_ctxt_switches") + " voluntary, "
          + field(before, "nonvoluntary_ctxt_switches") + "/"
          + field(after, "nonvoluntary_ctxt_switches") + " involuntary; State after: "
          + field(after, "State"));
      JsonNode j = parse(r);
      int stoppedChild = child;
      assertAll(
          () -> assertTrue(ids(j).contains("stopped"), "no stopped finding: " + j),
          () -> assertTrue(field(after, "State").startsWith("T"),
              "child " + stoppedChild + " no longer stopped after attach: " + after),
          () -> assertEquals("0", field(after, "TracerPid"), "still traced: " + after));
    } finally {
      signal("CONT", afl);
    }
    long cases = LiveTruth.forkServerCases(c, "s1", 1.0);
    assertTrue(cases > 0, "s1 ran no case in the second after SIGCONT");
    System.out.println("s1 after SIGCONT: " + cases + " cases in 1 s");
  }

  // ------------------------------------------------------------------ steady state

  /** The ground truth itself: fork-server syscw / 2 against AFL++'s total_execs, every run. */
  @Test
  @Order(10)
  void groundTruthForkServerCountsMatchAflCounters() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!LiveCampaign.LIVE.stream().allMatch(n -> pairs(n).size() >= 2)
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    List<Executable> checks = new ArrayList<>();
    for (String n : LiveCampaign.LIVE) {
      List<LiveCampaign.PlotSeen[]> p = pairs(n);
      checks.add(() -> assertTrue(p.size() >= 2, n + ": fewer than 2 plot_data row pairs seen"));
      for (LiveCampaign.PlotSeen[] ab : p) {
        double execs = ab[1].row().get("total_execs") - ab[0].row().get("total_execs");
        double counted = (ab[1].syscw() - ab[0].syscw()) / 2.0;
        double seen = (ab[1].nanos() - ab[0].nanos()) / 1e9;
        double rel = ab[1].row().get("relative_time") - ab[0].row().get("relative_time");
        System.out.printf("%s rows %d-%d: total_execs +%.0f, syscw/2 +%.0f (%.4f), %.2f s "
            + "apart (relative_time says %.0f)%n", n, ab[0].index(), ab[1].index(), execs,
            counted, counted / execs, seen, rel);
        // 2 %: a row is noticed up to 25 ms after it is written (0.5 % of 5 s) plus jitter
        checks.add(() -> assertWithin(counted, execs, 0.02, n + " syscw/2 vs total_execs"));
      }
    }
    assertAll(checks);
  }

  /** 2. Steady: rates from AFL++'s cumulative counters, and a sum over the three live ones. */
  @Test
  @Order(11)
  void steadyRatesFollowPlotData() throws Exception {
    c.waitUntilAge(75);
    Map<String, LiveTruth.PlotRate> before = new LinkedHashMap<>();
    for (String n : LiveCampaign.LIVE) {
      before.put(n, LiveTruth.plotRate(c, n, 10));
    }
    steady = observe("scaling-report", c.sync.toString(), "--sample", "5s", "--format", "json");
    Map<String, LiveTruth.PlotRate> after = new LinkedHashMap<>();
    for (String n : LiveCampaign.LIVE) {
      after.put(n, LiveTruth.plotRate(c, n, 10));
    }
    JsonNode j = steady.json();
    List<Executable> checks = new ArrayList<>();
    double sum = 0;
    int rated = 0;
    for (String n : LiveCampaign.LIVE) {
      JsonNode i = instance(j, n);
      for (String k : INSTANCE_KEYS) {
        checks.add(() -> assertTrue(i.has(k), n + " has no " + k + ": " + i));
      }
      checks.add(() -> assertEquals("running", text(i, "status"), n + ": " + i));
      if (!number(i, "execsPerSec")) {
        checks.add(() -> assertTrue(false, n + " has no execsPerSec: " + i));
        continue;
      }
      double claimed = i.get("execsPerSec").asDouble();
      sum += claimed;
      rated++;
      LiveTruth.PlotRate b = before.get(n);
      LiveTruth.PlotRate a = after.get(n);
      assertNotNull(b, n + ": plot_data has no rows 10 s apart at age " + c.age());
      double nearer = a == null || Math.abs(b.perSec() - claimed) <= Math.abs(a.perSec() - claimed)
          ? b.perSec() : a.perSec();
      LiveTruth.PlotRate used = nearer == b.perSec() ? b : a;
      double counted = steady.truth().whole(Sampler.caseRate(n));
      System.out.printf("steady %s: fuzzprof %.0f execs/s (%s, %s s); plot_data %.0f before, "
          + "%s after (%.1f s span, %s times; by relative_time %.0f); instantaneous column "
          + "%.0f; fork server over the run %.0f; fuzzer_stats %s%n", n, claimed,
          text(i, "execsSource"), i.get("execsSeconds"), b.perSec(),
          a == null ? "-" : String.format("%.0f", a.perSec()), used.span(),
          used.exactTimes() ? "seen" : "relative", used.perSecRelative(),
          used.lastInstantColumn(), counted, LiveTruth.statsRate(c, n));
      checks.add(() -> {
        String src = text(i, "execsSource");
        assertTrue(src.equals("plot_data") || src.equals("fuzzer_stats") || src.equals("counted"),
            n + " execsSource " + src);
      });
      if (text(i, "execsSource").equals("counted")) {
        // a kernel count over the sample: held against the fork server's cases over the same
        // length of window inside the run (a fork-server target's rate moves 20 % between
        // 10 s plot_data spans, so those would test the campaign, not fuzzprof); 5 %
        double secs = i.get("execsSeconds").asDouble();
        double same = steady.truth().nearest(secs, claimed, Sampler.caseRate(n));
        checks.add(() -> assertWithin(claimed, same, 0.05, n + " counted execsPerSec vs fork"
            + " server cases over the same window"));
      } else {
        // 10 %: plot_data total_execs over >= 10 s, before or after the report
        checks.add(() -> assertWithin(claimed, nearer, 0.10, n + " execsPerSec vs plot_data"));
      }
      // not a row's instantaneous execs_per_sec column (one that is off the real rate)
      for (Map<String, Double> row : LiveTruth.plotRows(c.instanceDir(n))) {
        double column = row.getOrDefault("execs_per_sec", Double.NaN);
        if (!Double.isNaN(column) && Math.abs(column - nearer) > 0.10 * nearer) {
          checks.add(() -> assertTrue(Math.abs(claimed - column) > 0.001 * column,
              n + " reports the instantaneous execs_per_sec " + column + " of the row at "
              + row.get("relative_time") + " s"));
        }
      }
    }
    double expected = sum;
    int expectedCount = rated;
    checks.add(() -> {
      assertTrue(number(j, "cumulativeExecsPerSec"), "cumulativeExecsPerSec: " + j);
      double cum = j.get("cumulativeExecsPerSec").asDouble();
      // the sum of the instances' own figures, to rounding
      assertTrue(Math.abs(cum - expected) <= Math.max(1.0, 0.001 * expected),
          "cumulativeExecsPerSec " + cum + " but the instances sum to " + expected);
    });
    checks.add(() -> assertEquals(3, j.path("cumulativeInstances").asInt(-1),
        "cumulativeInstances (" + expectedCount + " rated): " + j));
    assertAll(checks);
  }

  /** 9. top --format json: JSON Lines, the same instances, statuses and collision. */
  @Test
  @Order(12)
  void topJsonLinesAgreeWithScalingReport() throws Exception {
    JsonNode report = steady != null ? steady.json()
        : observe("scaling-report", c.sync.toString(), "--sample", "2s", "--format", "json")
            .json();
    CliRun r = CliRun.of("top", c.sync.toString(), "--format", "json", "--interval", "2s",
        "--iterations", "2");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(2, lines.size(), "two refreshes, one JSON object a line:\n" + r.out());
    List<Executable> checks = new ArrayList<>();
    for (String line : lines) {
      JsonNode t = JSON.readTree(line);
      for (String k : REPORT_KEYS) {
        checks.add(() -> assertTrue(t.has(k), "top has no " + k + ": " + line));
      }
      for (JsonNode i : t.path("instances")) {
        for (String k : INSTANCE_KEYS) {
          checks.add(() -> assertTrue(i.has(k), "top instance has no " + k + ": " + i));
        }
      }
      checks.add(() -> assertEquals(statuses(report), statuses(t), "names and statuses"));
      checks.add(() -> assertEquals(collisions(report), collisions(t), "collisions"));
    }
    assertAll(checks);
  }

  // ------------------------------------------------------------------ on every report taken

  /** 3. main and s1 collide on CPU 0; a super-linear efficiency is flagged as suspect. */
  @Test
  @Order(20)
  void collisionAndEfficiency() {
    List<Executable> checks = new ArrayList<>();
    for (Observed o : observed()) {
      JsonNode j = o.json();
      String when = String.format("report at age %.0f s: ", o.ageStart());
      checks.add(() -> {
        Map<Integer, Set<String>> col = collisions(j);
        assertTrue(col.containsKey(0) && col.get(0).containsAll(Set.of("main", "s1"))
            && !col.get(0).contains("s2"), when + "collisions " + j.get("collisions"));
      });
      checks.add(() -> {
        JsonNode f = finding(j, "affinity-collision");
        assertNotNull(f, when + "no affinity-collision: " + j.get("findings"));
        String m = f.path("message").asText();
        assertTrue(m.contains("main") && m.contains("s1") && m.contains("0"), when + m);
      });
      checks.add(() -> {
        JsonNode e = j.get("scalingEfficiency");
        System.out.println(when + "scalingEfficiency " + e + ", findings " + ids(j));
        if (e != null && e.isNumber() && e.asDouble() > 1.1) {
          assertNotNull(finding(j, "efficiency-suspect"), when + "efficiency " + e
              + " without efficiency-suspect: " + j.get("findings"));
        }
      });
    }
    assertFalse(observed().isEmpty(), "no scaling-report was taken");
    assertAll(checks);
  }

  /** 7. s3 aborted at start ("No more free CPU cores"): never-ran, and a failed-start finding. */
  @Test
  @Order(21)
  void abortedInstanceNeverRan() {
    Assumptions.assumeTrue(c.s3Aborted(), "s3 did not abort at start:\n" + c.s3Log());
    assertFalse(Files.exists(c.instanceDir("s3").resolve("fuzzer_stats")));
    List<Executable> checks = new ArrayList<>();
    for (Observed o : observed()) {
      JsonNode j = o.json();
      String when = String.format("report at age %.0f s: ", o.ageStart());
      checks.add(() -> assertEquals("never-ran", text(instance(j, "s3"), "status"),
          when + instance(j, "s3")));
      checks.add(() -> {
        boolean named = false;
        for (JsonNode f : j.path("findings")) {
          named |= f.path("id").asText().equals("failed-start")
              && f.path("message").asText().contains("s3");
        }
        assertTrue(named, when + "no failed-start naming s3: " + j.get("findings"));
      });
    }
    assertAll(checks);
  }

  // ------------------------------------------------------------------ helpers

  private static Observed observe(String... args) throws Exception {
    double a = c.age();
    CliRun r;
    Sampler s = new Sampler(c);
    try {
      r = CliRun.of(args);
    } finally {
      s.close();
    }
    System.out.printf("fuzzprof %s: code %d, age %.1f-%.1f s%n", String.join(" ", args),
        r.code(), a, c.age());
    return new Observed(parse(r), s, a, c.age(), r);
  }

  private static JsonNode parse(CliRun r) throws Exception {
    assertTrue(r.code() == 0 || r.code() == 1, "exit " + r.code() + ": " + r.err());
    assertFalse(r.out().isBlank(), "no output; stderr: " + r.err());
    return JSON.readTree(r.out());
  }

  private static List<Observed> observed() {
    List<Observed> o = new ArrayList<>();
    if (firstMinute != null) {
      o.add(firstMinute);
    }
    if (steady != null) {
      o.add(steady);
    }
    return o;
  }

  /** Consecutive plot_data rows the watcher saw appear, with one fork server between them. */
  private static List<LiveCampaign.PlotSeen[]> pairs(String name) {
    List<LiveCampaign.PlotSeen> seen = c.plotSeen(name);
    List<LiveCampaign.PlotSeen[]> p = new ArrayList<>();
    for (int i = 1; i < seen.size(); i++) {
      LiveCampaign.PlotSeen a = seen.get(i - 1);
      LiveCampaign.PlotSeen b = seen.get(i);
      if (b.index() == a.index() + 1 && a.fsPid() == b.fsPid() && a.syscw() >= 0) {
        p.add(new LiveCampaign.PlotSeen[] {a, b});
      }
    }
    return p;
  }

  static JsonNode instance(JsonNode report, String name) {
    for (JsonNode i : report.path("instances")) {
      if (i.path("name").asText().equals(name)) {
        return i;
      }
    }
    throw new AssertionError("no instance " + name + " in " + report.path("instances"));
  }

  static JsonNode finding(JsonNode j, String id) {
    for (JsonNode f : j.path("findings")) {
      if (f.path("id").asText().equals(id)) {
        return f;
      }
    }
    return null;
  }

  static Set<String> ids(JsonNode j) {
    Set<String> ids = new TreeSet<>();
    j.path("findings").forEach(f -> ids.add(f.path("id").asText()));
    return ids;
  }

  static Map<String, String> statuses(JsonNode j) {
    Map<String, String> s = new TreeMap<>();
    j.path("instances").forEach(i -> s.put(i.path("name").asText(), i.path("status").asText()));
    return s;
  }

  static Map<Integer, Set<String>> collisions(JsonNode j) {
    Map<Integer, Set<String>> m = new TreeMap<>();
    for (JsonNode col : j.path("collisions")) {
      Set<String> names = new TreeSet<>();
      col.path("instances").forEach(n -> names.add(n.isTextual() ? n.asText()
          : n.path("name").asText()));
      m.put(col.path("cpu").asInt(), names);
    }
    return m;
  }

  static String text(JsonNode j, String key) {
    JsonNode v = j.get(key);
    return v == null || v.isNull() ? "" : v.asText();
  }

  static boolean number(JsonNode j, String key) {
    JsonNode v = j.get(key);
    return v != null && v.isNumber();
  }

  /** A number of seconds, or a span like "5s" / "4.9 s"; the fallback when absent. */
  static double seconds(JsonNode v, double fallback) {
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    try {
      return Double.parseDouble(v.asText().replaceAll("[^0-9.]", ""));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  static void assertWithin(double actual, double truth, double rel, String what) {
    assertFalse(Double.isNaN(truth), what + ": no truth (a window longer than the command ran?)");
    assertTrue(!Double.isNaN(truth) && !Double.isNaN(actual)
        && Math.abs(actual - truth) <= rel * truth,
        String.format("%s: %.1f vs truth %.1f (off %.1f %%, allowed %.0f %%)", what, actual, truth,
            100 * Math.abs(actual - truth) / truth, 100 * rel));
  }

  static void assertWithinPoints(double actual, double truth, double points, String what) {
    assertTrue(!Double.isNaN(truth) && Math.abs(actual - truth) <= points,
        String.format("%s: %.1f vs truth %.1f (allowed %.0f points)", what, actual, truth,
            points));
  }

  private static void signal(String sig, int pid) throws Exception {
    new ProcessBuilder("kill", "-" + sig, Integer.toString(pid)).inheritIO().start()
        .waitFor(5, TimeUnit.SECONDS);
  }

  private static String status(int pid) throws Exception {
    return Files.readString(Path.of("/proc/" + pid + "/status"));
  }

  private static String state(int pid) {
    try {
      return field(status(pid), "State");
    } catch (Exception e) {
      return "";
    }
  }

  private static String field(String status, String name) {
    for (String l : status.split("\n")) {
      if (l.startsWith(name + ":")) {
        return l.substring(name.length() + 1).strip();
      }
    }
    return "";
  }
}
