package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fuzzprof compare --run} on real AFL++ 4.04c: 2 trials x 20 s per arm (-p fast against
 * -p explore of targets/afl_harness.c's shared-memory build), one CPU per trial, both arms at
 * once on this 2-core box. One run (about 55 s: two rounds of 20 s, each trial's start-up, the
 * stop's grace) is shared by every assertion.
 *
 * <p>Ground truth for the CPU a trial received: the kernel's cpuacct accounting of exactly that
 * trial's processes. The arms' "fuzzer" is a shell script that puts itself in a cpuacct group
 * named after its -o folder and then execs afl-fuzz (same pid), so afl-fuzz, its fork server and
 * every target process it forks count in that group from their first instruction; the group's
 * {@code cpuacct.usage} (ns, the scheduler's own run time) is read after the trial has ended.
 * fuzzprof reads /proc/PID/stat of the live tree instead (utime+stime, which the kernel scales to
 * the same run time, plus cutime/cstime of reaped children), last just before it stops the
 * trial. Tolerance: fuzzprof's figure may be short of the group's by what the trial used after
 * fuzzprof's last reading (the stop: afl-fuzz writes its stats and ends its fork server on
 * SIGTERM) plus USER_HZ rounding of each process's times: 0.5 s + 5 %; and it may not exceed the
 * group's by more than the rounding, 0.2 s. Without a writable cpuacct (another box) the check
 * falls back to the duration: no more than its one CPU for the wall time it ran, 0.3 s of
 * rounding allowed. With every CPU busy (other campaigns on the box) a trial gets less CPU, which
 * both checks allow: the truth is measured, not assumed.
 */
@Tag("live")
class CompareRunLiveTest {
  @TempDir static Path dir;
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path CPUACCT = Path.of("/sys/fs/cgroup/cpuacct");
  static Path out;
  static Path groupRoot;
  static CliRun run;
  static JsonNode report;
  /** cpuacct.usage of each trial's group, seconds, read after the run; empty without cgroups. */
  static final Map<String, Double> truth = new LinkedHashMap<>();

  @BeforeAll
  static void runOnce() throws Exception {
    LiveTargets.assumeTools("afl-fuzz", "setsid");
    Path shmem = Targets.builtAfl("afl_shmem");
    Path seeds = Files.createDirectories(dir.resolve("seeds"));
    Files.copy(Repo.root().resolve("targets/input.bin"), seeds.resolve("seed.jpg"));
    String id = UUID.randomUUID().toString().substring(0, 8);
    groupRoot = Files.isWritable(CPUACCT.resolve("cgroup.procs"))
        ? CPUACCT.resolve("fuzzprof-compare-" + id) : null;
    Path fuzzer = dir.resolve("afl-fuzz-in-group.sh");
    Files.writeString(fuzzer, "#!/bin/sh\n"
        + "# joins the cpuacct group named after its -o folder, then becomes afl-fuzz\n"
        + "out=; prev=\n"
        + "for a in \"$@\"; do [ \"$prev\" = -o ] && out=$a; prev=$a; done\n"
        + (groupRoot == null ? "" : "if [ -n \"$out\" ]; then g=\"" + groupRoot
            + "-$(basename \"$out\")\"; mkdir -p \"$g\" && echo $$ > \"$g/cgroup.procs\"; fi\n")
        + "exec afl-fuzz \"$@\"\n");
    Files.setPosixFilePermissions(fuzzer, PosixFilePermissions.fromString("rwxr-xr-x"));
    out = dir.resolve("ab");
    run = CliRun.of("compare", "--run", "--trials", "2", "--duration", "20s",
        "--cpus-per-trial", "1", "-i", seeds.toString(), "-o", out.toString(),
        "--env", "AFL_SKIP_CPUFREQ=1", "--env", "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1",
        "--arm-a", "fast=" + fuzzer + " -p fast -- " + shmem,
        "--arm-b", "explore=" + fuzzer + " -p explore -- " + shmem, "--format", "json");
    assertEquals(0, run.code(), run.err());
    report = JSON.readTree(run.out());
    if (groupRoot != null) {
      for (String t : List.of("A-1", "A-2", "B-1", "B-2")) {
        Path g = Path.of(groupRoot + "-" + t);
        truth.put(t, Long.parseLong(Files.readString(g.resolve("cpuacct.usage")).strip()) / 1e9);
      }
    }
  }

  @AfterAll
  static void removeGroups() throws IOException {
    if (groupRoot == null) {
      return;
    }
    for (String t : List.of("A-1", "A-2", "B-1", "B-2")) {
      Path g = Path.of(groupRoot + "-" + t);
      if (Files.isDirectory(g)) {
        Files.delete(g); // rmdir of an empty cgroup; its files go with it
      }
    }
  }

  static JsonNode trialFile(String t) throws IOException {
    return JSON.readTree(out.resolve(t).resolve("fuzzprof-trial.json").toFile());
  }

  static long edgesFound(String t) throws IOException {
    try (Stream<Path> s = Files.list(out.resolve(t))) {
      Path inst = s.filter(p -> Files.isRegularFile(p.resolve("fuzzer_stats"))).findFirst()
          .orElseThrow(() -> new AssertionError(t + " has no instance with fuzzer_stats"));
      for (String l : Files.readAllLines(inst.resolve("fuzzer_stats"))) {
        String[] kv = l.split(":", 2);
        if (kv[0].strip().equals("edges_found")) {
          return Long.parseLong(kv[1].strip());
        }
      }
    }
    throw new AssertionError(t + ": no edges_found");
  }

  @Test
  void everyTrialKeptItsOutputAndItsCpuSet() throws Exception {
    for (String t : List.of("A-1", "A-2", "B-1", "B-2")) {
      assertTrue(Files.isRegularFile(out.resolve(t).resolve("fuzzprof-trial.json")), t);
      edgesFound(t); // an AFL++ instance folder with its final fuzzer_stats
    }
    assertTrue(Files.isRegularFile(out.resolve("fuzzprof-compare.json")));
    JsonNode a1 = trialFile("A-1").get("cpus");
    JsonNode b1 = trialFile("B-1").get("cpus");
    assertEquals(1, a1.size());
    assertEquals(1, b1.size());
    assertNotEquals(a1, b1, "the arms of one round run on disjoint CPU sets");
    assertEquals(a1, trialFile("B-2").get("cpus"), "the arms swap sets in round 2");
    assertEquals(b1, trialFile("A-2").get("cpus"));
    List<String> cmd = new ArrayList<>();
    trialFile("A-1").get("commands").get(0).forEach(n -> cmd.add(n.asText()));
    assertEquals(a1.get(0).asText(), cmd.get(cmd.indexOf("-b") + 1), "bound with -b: " + cmd);
    assertTrue(cmd.contains("fast"), cmd.toString());
  }

  @Test
  void eachTrialsCpuSecondsMatchTheKernelsAccountingOfItsProcesses() throws Exception {
    for (String t : List.of("A-1", "A-2", "B-1", "B-2")) {
      JsonNode f = trialFile(t);
      double cpu = f.get("cpuSeconds").asDouble();
      double wall = f.get("wallSeconds").asDouble();
      // from its start to the last reading, taken as soon as the 20 s are up: one /proc read late
      assertTrue(wall >= 20 && wall < 22, t + " ran " + wall + " s for --duration 20s");
      assertEquals(cpu, f.get("fuzzerUser").asDouble() + f.get("fuzzerSystem").asDouble()
          + f.get("targetUser").asDouble() + f.get("targetSystem").asDouble(), 0.005, t);
      // it ran and was read: ten USER_HZ ticks at least (the fewest seen here was 1.18 s)
      assertTrue(cpu > 0.1, t + " received " + cpu + " CPU s in " + wall + " s");
      assertTrue(cpu <= wall + 0.3, t + ": " + cpu + " CPU s in " + wall
          + " s on one CPU is more than it could get");
      Double g = truth.get(t);
      if (g != null) {
        System.out.printf("%s: fuzzprof %.2f CPU s, cpuacct %.2f s, wall %.1f s%n", t, cpu, g,
            wall);
        assertTrue(cpu >= g - (0.5 + 0.05 * g) && cpu <= g + 0.2, t + ": fuzzprof says "
            + cpu + " CPU s, the kernel's cpuacct group of its processes " + g + " s");
      }
    }
  }

  @Test
  void theReportHasTheIssuesKeysAndTheTrialsOwnFigures() throws Exception {
    for (String k : List.of("metric", "arms", "pValue", "a12", "magnitude", "warnings")) {
      assertTrue(report.has(k), k + " in " + report.fieldNames());
    }
    assertEquals("edges", report.get("metric").asText());
    assertTrue(report.get("pValue").asDouble() >= 0 && report.get("pValue").asDouble() <= 1);
    assertTrue(report.get("a12").asDouble() >= 0 && report.get("a12").asDouble() <= 1);
    JsonNode arms = report.get("arms");
    assertEquals("fast", arms.get(0).get("name").asText());
    assertEquals("explore", arms.get(1).get("name").asText());
    String[] sides = {"A", "B"};
    for (int i = 0; i < 2; i++) {
      JsonNode arm = arms.get(i);
      for (String k : List.of("trials", "median", "q1", "q3", "values", "cpuSeconds",
          "perCpuSecond")) {
        assertTrue(arm.has(k), k);
      }
      assertEquals(2, arm.get("trials").asInt());
      for (int r = 0; r < 2; r++) {
        String t = sides[i] + "-" + (r + 1);
        assertEquals(edgesFound(t), arm.get("values").get(r).asLong(), t);
        JsonNode per = arm.get("perTrial").get(r);
        double cpu = trialFile(t).get("cpuSeconds").asDouble();
        assertEquals(cpu, per.get("cpuSeconds").asDouble(), 1e-9, t);
        assertEquals(edgesFound(t) / cpu, per.get("perCpuSecond").asDouble(), 1e-9, t);
      }
      double lo = Math.min(arm.get("perTrial").get(0).get("perCpuSecond").asDouble(),
          arm.get("perTrial").get(1).get("perCpuSecond").asDouble());
      double hi = Math.max(arm.get("perTrial").get(0).get("perCpuSecond").asDouble(),
          arm.get("perTrial").get(1).get("perCpuSecond").asDouble());
      assertEquals((lo + hi) / 2, arm.get("perCpuSecond").get("median").asDouble(), 1e-9);
    }
    List<String> ids = new ArrayList<>();
    report.get("warnings").forEach(w -> ids.add(w.get("id").asText()));
    assertTrue(ids.contains("few-trials"), ids.toString());
  }

  @Test
  void theOfflineModeReadsTheTrialsAgain() throws Exception {
    CliRun again = CliRun.of("compare", out.resolve("A-1").toString(),
        out.resolve("A-2").toString(), "--vs", out.resolve("B-1").toString(),
        out.resolve("B-2").toString(), "--format", "json");
    assertEquals(0, again.code(), again.err());
    JsonNode r = JSON.readTree(again.out());
    // the arm names come from the trial files, not from the directories' A and B
    assertEquals("fast", r.get("arms").get(0).get("name").asText());
    assertEquals("explore", r.get("arms").get(1).get("name").asText());
    assertEquals(report.get("arms").get(0).get("values"), r.get("arms").get(0).get("values"));
    assertEquals(report.get("arms").get(1).get("perTrial"), r.get("arms").get(1).get("perTrial"));
    assertEquals(report.get("pValue"), r.get("pValue"));
  }

  /**
   * libFuzzer arms ({@code NAME='-- BINARY FLAGS'}): 2 trials x 8 s per arm of the libjpeg
   * libFuzzer harness, -max_len=4096 against -max_len=64 (about 25 s). Each trial is its one
   * worker's log plus the CPU it received. Ground truth for that CPU: the worker's run time in
   * /proc/PID/schedstat (the scheduler's nanoseconds, not the ticks fuzzprof reads from
   * /proc/PID/stat), sampled by this test every 100 ms while it ran; the last sample is at most
   * 100 ms before the stop, so fuzzprof may exceed it by that much of one CPU and the rounding
   * (0.15 s), and fall short by the ticks' rounding (0.1 s) and 5 %.
   */
  @Test
  void libFuzzerArmsRunAsOneWorkerPerTrial() throws Exception {
    Path bin = Targets.builtLibFuzzer("libfuzzer_libjpeg");
    Path seeds = Files.createDirectories(dir.resolve("lf-seeds"));
    Files.copy(Targets.builtLibFuzzer("libjpeg_seed.jpg"), seeds.resolve("seed.jpg"));
    Path lf = dir.resolve("lf");
    Map<String, Double> schedSeconds = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    Thread sampler = new Thread(() -> {
      while (!done.get()) {
        ProcessHandle.allProcesses().forEach(p -> {
          String c = p.info().commandLine().orElse("");
          for (String t : List.of("A-1", "A-2", "B-1", "B-2")) {
            if (c.contains(lf.resolve(t).resolve("corpus").toString())) {
              try {
                String[] f = Files.readString(Path.of("/proc/" + p.pid() + "/schedstat"))
                    .strip().split(" ");
                schedSeconds.put(t, Long.parseLong(f[0]) / 1e9);
              } catch (IOException | RuntimeException gone) {
                // ended between the listing and the read
              }
            }
          }
        });
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "lf-sampler");
    sampler.setDaemon(true);
    sampler.start();
    CliRun r;
    try {
      r = CliRun.of("compare", "--run", "--trials", "2", "--duration", "8s", "-i",
          seeds.toString(), "-o", lf.toString(), "--arm-a", "big=-- " + bin + " -max_len=4096",
          "--arm-b", "small=-- " + bin + " -max_len=64", "--format", "json");
    } finally {
      done.set(true);
      sampler.join(2000);
    }
    assertEquals(0, r.code(), r.err());
    JsonNode j = JSON.readTree(r.out());
    assertEquals("big", j.get("arms").get(0).get("name").asText());
    for (String t : List.of("A-1", "A-2", "B-1", "B-2")) {
      assertTrue(Files.readString(lf.resolve(t).resolve("fuzz-0.log")).contains("INITED"), t);
      JsonNode f = trialFile(lf, t);
      double cpu = f.get("cpuSeconds").asDouble();
      Double truth = schedSeconds.get(t);
      assertTrue(truth != null, t + ": the test never saw its worker");
      System.out.printf("libFuzzer %s: fuzzprof %.2f CPU s, schedstat %.2f s%n", t, cpu, truth);
      assertTrue(cpu >= truth - (0.1 + 0.05 * truth) && cpu <= truth + 0.15, t + ": fuzzprof "
          + cpu + " CPU s, schedstat " + truth + " s");
    }
    // every trial's value is its worker's cov, and it carries the CPU measured
    for (JsonNode arm : j.get("arms")) {
      for (JsonNode t : arm.get("perTrial")) {
        assertTrue(t.get("cpuSeconds").asDouble() > 0, t.toString());
        assertEquals(1, t.get("instances").asInt(), t.toString());
      }
    }
    List<String> left = ProcessHandle.allProcesses()
        .map(p -> p.info().commandLine().orElse("")).filter(c -> c.contains(lf.toString()))
        .toList();
    assertTrue(left.isEmpty(), "still running: " + left);
  }

  static JsonNode trialFile(Path root, String t) throws IOException {
    return JSON.readTree(root.resolve(t).resolve("fuzzprof-trial.json").toFile());
  }

  @Test
  void nothingIsLeftRunning() {
    String mark = out.toString();
    List<String> left = ProcessHandle.allProcesses()
        .map(p -> p.info().commandLine().orElse(""))
        .filter(c -> c.contains(mark)).toList();
    assertTrue(left.isEmpty(), "still running: " + left);
  }
}
