package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * fuzzprof scale over 1 and 2 instances of real AFL++ (the libjpeg shared-memory harness), run as
 * a separate JVM, about 70 s: 5 s warm-up and 20 s measured per step. While it runs, this test
 * counts every step's cases itself, from the fork servers' {@code syscw} in /proc/PID/io (two
 * 4-byte writes per case, see {@link LiveTruth}), sampled every 100 ms, and compares each step's
 * execs/s with its own count over the step's window. Passes with every CPU busy: the other live
 * tests' campaign may run beside the steps, and both sides then see the same slower rates.
 */
@Tag("live")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ScaleLiveTest {
  /** One sample: wall time and, per step folder, each fork server's syscw. */
  record Sample(long millis, Map<String, Map<Integer, Long>> writes) {}

  @Test
  void twoStepsMeasuredFromCountersAgreeWithTheForkServersOwnCounts(@TempDir Path dir)
      throws Exception {
    LiveTargets.assumeTools("afl-fuzz", "taskset", "setsid");
    Path shmem = Targets.builtAfl("afl_libjpeg_shmem");
    Path seeds = Files.createDirectories(dir.resolve("seeds"));
    Files.copy(Targets.builtAfl("libjpeg_seed.jpg"), seeds.resolve("seed.jpg"));
    Path out = dir.resolve("out");
    Path log = dir.resolve("scale.err");

    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "scale",
        "--instances", "1,2", "--step", "20s", "--warmup", "5s", "--format", "json",
        "-i", seeds.toString(), "-o", out.toString(), "--", shmem.toString()));
    Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    List<Sample> samples = new ArrayList<>();
    String json;
    try {
      // stdout is the JSON, written at the end; read it on a thread while sampling here
      var stdout = new java.util.concurrent.CompletableFuture<String>();
      Thread reader = new Thread(() -> {
        try {
          stdout.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          stdout.completeExceptionally(e);
        }
      });
      reader.start();
      while (p.isAlive()) {
        samples.add(new Sample(System.currentTimeMillis(), forkServerWrites(out)));
        Thread.sleep(100);
      }
      json = stdout.get(10, TimeUnit.SECONDS);
    } finally {
      p.destroy();
      p.waitFor(15, TimeUnit.SECONDS);
    }
    assertEquals(0, p.exitValue(), Files.readString(log));
    JsonNode r = new ObjectMapper().readTree(json);
    JsonNode steps = r.get("steps");
    assertEquals(2, steps.size(), json);

    double[] rate = new double[2];
    for (int i = 0; i < 2; i++) {
      JsonNode s = steps.get(i);
      int n = s.get("instances").asInt();
      assertEquals(i + 1, n);
      assertEquals(n, s.get("cpus").size(), "each instance on a CPU of its own: " + s);
      rate[i] = s.get("execsPerSec").asDouble();
      double truth = truth(samples, "step-" + n, s.get("windowStartMillis").asLong(),
          s.get("windowEndMillis").asLong());
      // Tolerance 15%: fuzzprof counts over its own window inside [start, end], which also holds
      // perf's start (about half a second of a 20 s window on a busy box, 2-3%); the samples are
      // 100 ms apart and taken inside the window (up to 1% short). A fork server's count of this
      // harness matched AFL++'s execs_done to 0.01% (LiveTruth); the rest is for the box's load.
      assertTrue(truth > 0, "no cases counted for step " + n + " over " + s.get("windowStartMillis")
          + ".." + s.get("windowEndMillis") + "; samples from " + samples.get(0).millis() + " to "
          + samples.get(samples.size() - 1).millis());
      System.out.printf(java.util.Locale.ROOT, "scale step %d: fuzzprof %.0f execs/s, fork servers"
          + " %.0f cases/s (%.3f)%n", n, rate[i], truth, rate[i] / truth);
      assertEquals(1.0, rate[i] / truth, 0.15, "step " + n + ": fuzzprof " + rate[i]
          + " execs/s, fork servers " + truth + " cases/s");
    }
    assertEquals(rate[1] / (2 * rate[0]), steps.get(1).get("scalingEfficiency").asDouble(), 1e-6);
    // a step's kernel share is its instances' own (checked against cgroup accounting in
    // LiveCampaignTest), weighted by the CPU each received, not the box's with the other load
    for (JsonNode s : steps) {
      double kw = 0;
      double c = 0;
      for (JsonNode i : s.get("instanceRows")) {
        kw += i.get("kernelPercent").asDouble() * i.get("cpuPercent").asDouble();
        c += i.get("cpuPercent").asDouble();
      }
      assertEquals(kw / c, s.get("kernelPercent").asDouble(), 0.06, s.toString());
    }
    assertEquals(1, r.get("baseline").get("instances").asInt());
    // the report is kept beside the steps, and --from shows the same one again
    assertTrue(Files.isRegularFile(out.resolve("fuzzprof-scale.json")));
    CliRun again = CliRun.of("scale", "--from", out.toString(), "--format", "json");
    assertEquals(0, again.code(), again.err());
    assertEquals(steps, new ObjectMapper().readTree(again.out()).get("steps"));
    // nothing of either step is left running
    for (int n = 1; n <= 2; n++) {
      assertTrue(forkServerWrites(out).getOrDefault("step-" + n, Map.of()).isEmpty(),
          "step " + n + " left a fork server");
    }
  }

  /**
   * SIGINT while step 2 is measured (about 25 s): scale stops that step, writes the report of
   * step 1 with a note saying so, exits 130, and leaves nothing of either step running.
   */
  @Test
  void aSignalDuringAStepGivesTheStepsBeforeIt(@TempDir Path dir) throws Exception {
    LiveTargets.assumeTools("afl-fuzz", "taskset", "setsid");
    Path seeds = Files.createDirectories(dir.resolve("seeds"));
    Files.copy(Targets.builtAfl("libjpeg_seed.jpg"), seeds.resolve("seed.jpg"));
    Path out = dir.resolve("out");
    Path log = dir.resolve("scale.err");
    Path json = dir.resolve("scale.json");
    Process p = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "scale",
        "--instances", "1,2", "--step", "5s", "--warmup", "2s", "--format", "json",
        "-i", seeds.toString(), "-o", out.toString(), "--",
        Targets.builtAfl("afl_libjpeg_shmem").toString())
        .redirectError(log.toFile()).redirectOutput(json.toFile()).start();
    try {
      long until = System.nanoTime() + 120_000_000_000L;
      while (!Files.readString(log).contains("step 2: measuring") && p.isAlive()
          && System.nanoTime() < until) {
        Thread.sleep(100);
      }
      assertTrue(Files.readString(log).contains("step 2: measuring"), Files.readString(log));
      new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "scale ends on SIGINT");
    } finally {
      p.destroyForcibly();
    }
    assertEquals(130, p.exitValue(), Files.readString(log));
    JsonNode r = new ObjectMapper().readTree(json.toFile());
    assertEquals(1, r.get("steps").size(), r.toString());
    assertTrue(r.get("notes").get(0).asText().startsWith("stopped during step 2"), r.toString());
    assertEquals(r.get("steps"), new ObjectMapper().readTree(
        out.resolve("fuzzprof-scale.json").toFile()).get("steps"));
    long until = System.nanoTime() + 15_000_000_000L;
    while (!LaunchLiveTest.namingDir(out).isEmpty() && System.nanoTime() < until) {
      Thread.sleep(200);
    }
    assertEquals(List.of(), LaunchLiveTest.namingDir(out), "processes of a step are left");
  }

  /**
   * Cases per second of a step between the first sample inside its window and the last one,
   * summed over the step's fork servers (each one counted only if seen at both ends). Inside:
   * scale stops the step's instances right after its window, so a sample after the end may find
   * them gone.
   */
  static double truth(List<Sample> samples, String step, long start, long end) {
    Sample a = samples.stream().filter(x -> x.millis() >= start).findFirst().orElseThrow();
    Sample b = samples.stream().filter(x -> x.millis() <= end).reduce((x, y) -> y).orElseThrow();
    Map<Integer, Long> wa = a.writes().getOrDefault(step, Map.of());
    Map<Integer, Long> wb = b.writes().getOrDefault(step, Map.of());
    long cases = 0;
    for (Map.Entry<Integer, Long> e : wb.entrySet()) {
      Long before = wa.get(e.getKey());
      if (before != null) {
        cases += (e.getValue() - before) / 2;
      }
    }
    return cases / ((b.millis() - a.millis()) / 1000.0);
  }

  /** Per step folder under out, the syscw of each afl-fuzz's child (its fork server). */
  static Map<String, Map<Integer, Long>> forkServerWrites(Path out) {
    Map<Integer, String> aflStep = new HashMap<>();
    Map<Integer, Integer> parent = new HashMap<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path d : procs.toList()) {
        String name = d.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        int pid = Integer.parseInt(name);
        try {
          String stat = Files.readString(d.resolve("stat"));
          String rest = stat.substring(stat.lastIndexOf(')') + 2);
          parent.put(pid, Integer.parseInt(rest.split(" ")[1]));
          if (stat.contains("(afl-fuzz)")) {
            String line = new String(Files.readAllBytes(d.resolve("cmdline")),
                StandardCharsets.UTF_8).replace('\0', ' ');
            for (int n = 1; n <= 2; n++) {
              if (line.contains(out.resolve("step-" + n).toString())) {
                aflStep.put(pid, "step-" + n);
              }
            }
          }
        } catch (IOException | RuntimeException e) {
          // gone while listed
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Map<Integer, Long>> w = new HashMap<>();
    for (Map.Entry<Integer, Integer> e : parent.entrySet()) {
      String step = aflStep.get(e.getValue());
      if (step != null) {
        try {
          long v = LiveTruth.syscw(e.getKey());
          w.computeIfAbsent(step, k -> new HashMap<>()).put(e.getKey(), v);
        } catch (RuntimeException gone) {
          // exited between the listing and the read
        }
      }
    }
    return w;
  }
}
