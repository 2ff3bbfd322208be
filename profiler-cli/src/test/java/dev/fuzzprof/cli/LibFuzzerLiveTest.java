package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fuzzprof.parse.libfuzzer.LibFuzzerLog;
import dev.fuzzprof.parse.libfuzzer.LibFuzzerLogParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * scaling-report, attach and top on a real libFuzzer campaign: the libjpeg harness built with
 * clang -fsanitize=fuzzer, run as {@code -jobs=2 -workers=2} (one shared campaign for all the
 * tests). Ground truth the test measures itself: the job processes from the process tree
 * (controller, sh, job), each job's own log, and a uprobe count the test runs with its own
 * perf event at the same time as fuzzprof's.
 */
@Tag("live")
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class LibFuzzerLiveTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static Path dir;
  static Process controller;
  static Path bin;

  @BeforeAll
  static void start() throws Exception {
    bin = Targets.builtLibFuzzer("libfuzzer_libjpeg");
    dir = Files.createTempDirectory("fuzzprof-libfuzzer");
    Path corpus = Files.createDirectories(dir.resolve("corpus"));
    Files.copy(Targets.builtLibFuzzer("libjpeg_seed.jpg"), corpus.resolve("seed.jpg"));
    controller = new ProcessBuilder("setsid", bin.toString(), "-jobs=2", "-workers=2",
        "-max_total_time=90", "corpus").directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("jobs.out").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (jobs().size() < 2 || !statusLines()) {
      assertTrue(System.nanoTime() < deadline, "the jobs did not start: "
          + Files.readString(dir.resolve("jobs.out")));
      Thread.sleep(200);
    }
    Thread.sleep(3000); // past the corpus load: a steady rate
  }

  @AfterAll
  static void stop() throws Exception {
    if (controller != null) {
      ProcessHandle.of(controller.pid()).ifPresent(h -> h.descendants()
          .forEach(ProcessHandle::destroyForcibly));
      controller.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The job processes, from the tree (controller -> sh -> job), by the log they were given. */
  static Map<String, Long> jobs() {
    Map<String, Long> out = new HashMap<>();
    ProcessHandle.of(controller.pid()).ifPresent(c -> c.descendants().forEach(d -> {
      String cmd = d.info().commandLine().orElse("");
      if (d.info().command().orElse("").endsWith("libfuzzer_libjpeg")) {
        d.parent().flatMap(p -> p.info().commandLine()).ifPresent(sh -> {
          int at = sh.indexOf(">fuzz-");
          if (at >= 0) {
            out.put(sh.substring(at + 1, sh.indexOf(".log", at)), d.pid());
          }
        });
      }
      assertFalse(cmd.contains("-jobs="), "a job runs with -jobs: " + cmd);
    }));
    return out;
  }

  static boolean statusLines() throws Exception {
    for (String n : List.of("fuzz-0.log", "fuzz-1.log")) {
      Path l = dir.resolve(n);
      if (!Files.exists(l) || LibFuzzerLogParser.parse(Files.readString(l)).runs() == null) {
        return false;
      }
    }
    return true;
  }

  static LibFuzzerLog log(String job) throws Exception {
    return LibFuzzerLogParser.parse(Files.readString(dir.resolve(job + ".log"),
        StandardCharsets.ISO_8859_1));
  }

  @Test
  void scalingReportListsEachJobWithItsProcessAndItsLogFigures() throws Exception {
    Map<String, Long> logBefore = Map.of("fuzz-0", log("fuzz-0").execsPerSec(), "fuzz-1",
        log("fuzz-1").execsPerSec());
    CliRun r = CliRun.of("scaling-report", dir.toString(), "--format", "json", "--sample", "2s");
    assertEquals(0, r.code(), r.err());
    Map<String, Long> truth = jobs();
    JsonNode j = JSON.readTree(r.out());
    List<String> names = new ArrayList<>();
    for (JsonNode i : j.get("instances")) {
      String name = i.get("name").asText();
      names.add(name);
      assertEquals("libfuzzer", i.get("engine").asText(), i.toString());
      assertEquals("running", i.get("status").asText(), i.toString());
      assertEquals("job", i.get("role").asText());
      assertEquals(truth.get(name).longValue(), i.get("pid").asLong(), "pid of " + name);
      assertEquals("log", i.get("execsSource").asText());
      // the log read before and right after: libFuzzer's exec/s is its runs over whole seconds
      // since start, so early on it moves by steps; fuzzprof's figure lies between the two
      // readings (10 % slack), and its coverage is never ahead of the later one
      LibFuzzerLog l = log(name);
      double lo = Math.min(logBefore.get(name), l.execsPerSec());
      double hi = Math.max(logBefore.get(name), l.execsPerSec());
      double rate = i.get("execsPerSec").asDouble();
      System.out.printf("libFuzzer %s: pid %d, %.0f execs/s vs its log %d, cov %d ft %d, cpu"
          + " %.1f%% on %s%n", name, i.get("pid").asLong(), rate, l.execsPerSec(),
          i.get("coverage").asLong(), i.get("features").asLong(),
          i.get("cpuPercent").asDouble(), i.get("cpus"));
      assertTrue(rate >= 0.9 * lo && rate <= 1.1 * hi,
          name + ": " + rate + " vs the log's " + logBefore.get(name) + " then "
              + l.execsPerSec());
      assertTrue(i.get("coverage").asLong() > 0 && i.get("coverage").asLong() <= l.coverage());
      assertTrue(i.get("features").asLong() <= l.features());
      assertTrue(i.get("cpuPercent").asDouble() > 10, i.toString());
      assertFalse(i.get("cpus").isEmpty());
    }
    assertEquals(List.of("fuzz-0", "fuzz-1"), names);
  }

  @Test
  void attachCountsInputsWithAUprobeAsTheTestsOwnUprobeDoes() throws Exception {
    assumeTrue(LiveTargets.onPath("perf"), "perf is not installed");
    long job = jobs().get("fuzz-0");
    // the test's own uprobe on the same function, counting the same second
    String truthEvent = "fuzzprof_test:truth" + ProcessHandle.current().pid();
    Process add = new ProcessBuilder("perf", "probe", "-q", "-x", bin.toString(), "-a",
        truthEvent + "=LLVMFuzzerTestOneInput").redirectErrorStream(true).start();
    assumeTrue(add.waitFor() == 0, "perf probe failed: "
        + new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    try {
      CompletableFuture<String> truth = CompletableFuture.supplyAsync(() -> {
        try {
          Process p = new ProcessBuilder("perf", "stat", "-x,", "-e", truthEvent, "-p",
              Long.toString(job), "--", "sleep", "3").redirectErrorStream(true).start();
          String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          p.waitFor();
          return out;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(300);
      CliRun r = CliRun.of("attach", "--pid", Long.toString(job), "--duration", "2s",
          "--sample-time", "1s", "--format", "json");
      assertEquals(0, r.code(), r.err());
      JsonNode j = JSON.readTree(r.out());
      assertEquals("libfuzzer", j.get("mode").asText());
      assertEquals("libfuzzer", j.get("engine").asText());
      assertTrue(j.get("countedBy").asText().contains("uprobe"), r.out());
      assertEquals(dir.resolve("fuzz-0.log").toString(), j.get("log").asText());
      assertTrue(j.get("logExecsPerSec").asDouble() > 0, r.out());
      assertTrue(j.get("observerCostPercent").asDouble() >= 0, r.out());
      String[] f = truth.get(30, TimeUnit.SECONDS).strip().split("\n");
      String[] c = f[f.length - 1].split(",");
      double truthRate = Long.parseLong(c[0]) / (Long.parseLong(c[3]) / 1e9);
      double rate = j.get("execsPerSec").asDouble();
      System.out.printf("libFuzzer attach: %.0f inputs/s (uprobe, %.2f s) vs the test's uprobe"
          + " %.0f/s over 3 s; its log %.0f exec/s; cost %.2f%%%n", rate,
          j.get("syscallSampleSeconds").asDouble(), truthRate,
          j.get("logExecsPerSec").asDouble(), j.get("observerCostPercent").asDouble());
      // the two windows overlap (fuzzprof's 1 s lies inside the test's 3 s); on a box that is
      // busy with other work the rate moves a little between seconds: within 30 %
      assertTrue(Math.abs(rate - truthRate) <= 0.3 * truthRate,
          "fuzzprof " + rate + " inputs/s vs the test's uprobe " + truthRate);
      String probes = new String(new ProcessBuilder("perf", "probe", "-l").start()
          .getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertFalse(probes.contains("fuzzprof:"), "fuzzprof left its uprobe: " + probes);
      assertTrue(ProcessHandle.of(job).map(ProcessHandle::isAlive).orElse(false),
          "the job must keep running");
    } finally {
      new ProcessBuilder("perf", "probe", "-q", "-d", truthEvent).start().waitFor();
    }
  }

  @Test
  void theJobsControllerIsNotAnInputRunner() throws Exception {
    long ctl = jobs().isEmpty() ? -1 : ProcessHandle.of(jobs().get("fuzz-0")).flatMap(
        ProcessHandle::parent).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
        .orElse(-1L);
    assumeTrue(ctl > 0);
    CliRun r = CliRun.of("attach", "--pid", Long.toString(ctl), "--duration", "1s");
    assertEquals(1, r.code(), r.out());
    assertTrue(r.err().contains("-jobs/-fork controller") && r.oneCleanErrorLine(), r.err());
  }

  @Test
  void topListsTheJobsBesideAnyAflFuzz() throws Exception {
    CliRun r = CliRun.of("top", "--plain", "--iterations", "1", "--interval", "1s");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("fuzz-0") && r.out().contains("fuzz-1"), r.out());
    CliRun d = CliRun.of("top", "--format", "json", "--iterations", "1", "--interval", "1s",
        dir.toString());
    JsonNode j = JSON.readTree(d.out().strip().split("\n")[0]);
    assertEquals(2, j.get("instances").size(), d.out());
    for (JsonNode i : j.get("instances")) {
      assertEquals("libfuzzer", i.get("engine").asText());
      assertTrue(i.get("execsPerSec").asDouble() > 0, i.toString());
    }
  }

  /** A libFuzzer that writes no log file (stderr to /dev/null): top counts it with a uprobe. */
  @Test
  void topCountsALogLessFuzzerWithAShortUprobeWindow() throws Exception {
    assumeTrue(LiveTargets.onPath("perf"), "perf is not installed");
    Process p = new ProcessBuilder(bin.toString(), "-max_total_time=30", "corpus")
        .directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      Thread.sleep(2000);
      CliRun r = CliRun.of("top", "--format", "json", "--iterations", "1", "--interval", "1s");
      assertEquals(0, r.code(), r.err());
      JsonNode j = JSON.readTree(r.out().strip().split("\n")[0]);
      JsonNode mine = null;
      for (JsonNode i : j.get("instances")) {
        if (i.get("pid").asLong() == p.pid()) {
          mine = i;
        }
      }
      assertTrue(mine != null, "not listed: " + r.out());
      assertEquals("counted", mine.get("execsSource").asText(), mine.toString());
      assertTrue(mine.get("execsSeconds").asDouble() <= 0.25, "the window is at most 0.2 s");
      assertTrue(mine.get("execsPerSec").asDouble() > 0, mine.toString());
      assertTrue(j.get("notes").toString().contains("counted by a uprobe"), j.toString());
    } finally {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
