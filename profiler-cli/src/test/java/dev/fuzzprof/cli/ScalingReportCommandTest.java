package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScalingReportCommandTest {
  static final Path AFL = CliRun.repo().resolve("tracers/src/test/resources/afl");

  /** main's 12,000 execs/s from plot_data plus s1's 289,218 execs in 19 s. */
  static final double CUMULATIVE = 12000 + 289218 / 19.0;

  /** The captured two-instance campaign, finished (its pids are long gone). */
  static Path finishedCampaign(Path dir) throws IOException {
    Path sync = dir.resolve("sync");
    for (String n : List.of("main", "s1")) {
      Files.createDirectories(sync.resolve(n).resolve("queue"));
    }
    Files.writeString(sync.resolve("main/fuzzer_stats"),
        Files.readString(AFL.resolve("fuzzer_stats-aflpp-4.04c-s1-exited.txt"))
            .replace("-S s1", "-M main").replace("20306", "2147483")
            .replace("14545.26", "13002.10"));
    Files.copy(AFL.resolve("fuzzer_stats-aflpp-4.04c-s1-exited.txt"),
        sync.resolve("s1/fuzzer_stats"));
    // the pid in the capture could be reused on this machine: make it one no process has
    Files.writeString(sync.resolve("s1/fuzzer_stats"),
        Files.readString(sync.resolve("s1/fuzzer_stats")).replace("20306", "2147482"));
    StringBuilder plot = new StringBuilder(
        "# relative_time, cycles_done, cur_item, corpus_count, pending_total, pending_favs,"
            + " map_size, saved_crashes, saved_hangs, max_depth, execs_per_sec, total_execs,"
            + " edges_found\n");
    for (int t = 5; t <= 60; t += 5) {
      plot.append(t).append(", 1, 0, 5, 0, 0, 47.06%, 0, 0, 2, ")
          .append(12000 + 100 * (t % 15)).append(".00, ").append(t * 12000).append(", 8\n");
    }
    Files.writeString(sync.resolve("main/plot_data"), plot.toString());
    Files.copy(AFL.resolve("plot_data-aflpp-4.04c-s1.txt"), sync.resolve("s1/plot_data"));
    return sync;
  }

  @Test
  void finishedCampaignAsJson(@TempDir Path t) throws IOException {
    Path sync = finishedCampaign(t);
    CliRun r = CliRun.of("scaling-report", sync.toString(), "--format", "json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    for (String key : List.of("instances", "cumulativeExecsPerSec", "cpusOnline", "busyCpus",
        "idleCpus", "collisions", "perCore", "scalingEfficiency", "findings")) {
      assertTrue(j.has(key), key);
    }
    JsonNode i0 = j.get("instances").get(0);
    for (String key : List.of("name", "pid", "alive", "execsPerSec", "cpus", "kernelPercent")) {
      assertTrue(i0.has(key), key);
    }
    assertEquals("main", i0.get("name").asText());
    assertFalse(i0.get("alive").asBoolean());
    // main: total_execs over its last 30 s of plot_data rows (12,000 a second by
    // construction), not the rows' instantaneous execs_per_sec column (12,000-12,100)
    assertEquals(12000.0, i0.get("execsPerSec").asDouble(), 0.01);
    assertEquals("plot_data", i0.get("execsSource").asText());
    assertEquals(30.0, i0.get("execsSeconds").asDouble(), 0.01);
    // s1 has one plot_data row: its rate is execs_done / run_time = 289,218 / 19 s
    JsonNode i1 = j.get("instances").get(1);
    assertEquals(289218 / 19.0, i1.get("execsPerSec").asDouble(), 0.1);
    assertEquals("fuzzer_stats", i1.get("execsSource").asText());
    assertEquals(CUMULATIVE, j.get("cumulativeExecsPerSec").asDouble(), 0.1);
    assertEquals(2, j.get("cumulativeInstances").asInt());
    assertEquals("dead", i0.get("status").asText());
    assertTrue(r.out().contains("\"dead-instance\""));
    // no -S instance is verified to have a CPU to itself (nothing runs): no estimated baseline
    assertTrue(j.get("baseline").isNull(), j.get("baseline").toString());
    assertTrue(j.get("scalingEfficiency").isNull());
  }

  @Test
  void textReportAndHelp(@TempDir Path t) throws IOException {
    CliRun r = CliRun.of("scaling-report", finishedCampaign(t).toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("dead-instance"), r.out());
    assertTrue(r.out().contains("fix: "));
    CliRun help = CliRun.of("scaling-report", "--help");
    assertEquals(0, help.code());
    assertFalse(help.err().contains("WARN"), help.err());
    assertTrue(help.out().lines().allMatch(l -> l.length() <= 80), help.out());
    for (String id : List.of("affinity-collision", "smt-contention", "idle-cores",
        "oversubscribed", "kernel-heavy", "scaling-below-linear", "dead-instance", "stale-stats",
        "low-stability", "slow-instance", "taskset -c", "-b N", "AFL_NO_AFFINITY")) {
      assertTrue(help.out().contains(id), id);
    }
  }

  @Test
  void notAnAflDirEmptyDirMissingDir(@TempDir Path t) throws IOException {
    Files.createDirectories(t.resolve("empty"));
    Files.createDirectories(t.resolve("src/lib"));
    Files.writeString(t.resolve("src/README"), "hello");
    for (String p : List.of("empty", "src", "nope", "src/README")) {
      CliRun r = CliRun.of("scaling-report", t.resolve(p).toString());
      assertEquals(1, r.code(), p + ": " + r.err());
      assertTrue(r.oneCleanErrorLine(), r.err());
      assertTrue(r.err().startsWith("fuzzprof scaling-report: "), r.err());
    }
  }

  @Test
  void garbageAndMissingFieldsStillReport(@TempDir Path t) throws IOException {
    Path sync = finishedCampaign(t);
    Files.createDirectories(sync.resolve("s2/queue"));
    Files.write(sync.resolve("s2/fuzzer_stats"), new byte[] {0, 1, 2, (byte) 0xff, '\n'});
    Files.createDirectories(sync.resolve("s3/queue"));
    Files.writeString(sync.resolve("s3/fuzzer_stats"), "start_time : 1\nexecs_per_sec : fast\n");
    Files.createDirectories(sync.resolve("s4/queue"));
    Files.writeString(sync.resolve("s4/fuzzer_stats"), "afl_banner : x\n");
    CliRun r = CliRun.of("scaling-report", sync.toString(), "--format", "json");
    assertEquals(1, r.code());
    assertTrue(r.oneCleanErrorLine(), r.err());
    assertTrue(r.err().contains("s2") && r.err().contains("s3"), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(5, j.get("instances").size());
    assertEquals(CUMULATIVE, j.get("cumulativeExecsPerSec").asDouble(), 0.1);
  }

  @Test
  void pidReusedByAnotherProgramIsDead(@TempDir Path t) throws IOException {
    Path sync = finishedCampaign(t);
    long me = ProcessHandle.current().pid();
    Files.writeString(sync.resolve("s1/fuzzer_stats"),
        Files.readString(sync.resolve("s1/fuzzer_stats")).replace("2147482", Long.toString(me)));
    CliRun r = CliRun.of("scaling-report", sync.toString(), "--format", "json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("pid " + me + " now belongs to"), r.out());
    assertTrue(r.out().contains("not afl-fuzz"));
  }

  @Test
  void badOptions(@TempDir Path t) throws IOException {
    Path sync = finishedCampaign(t);
    CliRun r = CliRun.of("scaling-report", sync.toString(), "--sample", "fast");
    assertEquals(2, r.code());
    r = CliRun.of("scaling-report", sync.toString(), "--format", "html");
    assertEquals(2, r.code());
    r = CliRun.of("scaling-report", "--from-snapshot", t.resolve("sync/main/fuzzer_stats").toString());
    assertEquals(1, r.code());
    assertTrue(r.oneCleanErrorLine(), r.err());
  }

  @Test
  void baselineDirAndSnapshotRoundTrip(@TempDir Path t) throws IOException {
    Path sync = finishedCampaign(t);
    Path single = Files.createDirectories(t.resolve("single/default/queue")).getParent().getParent();
    Files.writeString(single.resolve("default/fuzzer_stats"),
        "execs_per_sec : 7275.00\nexecs_done : 218250\nrun_time : 30\n");
    CliRun r = CliRun.of("scaling-report", sync.toString(), "--baseline-dir", single.toString(),
        "--format", "json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals("baseline-dir", j.get("baseline").get("source").asText());
    assertEquals(CUMULATIVE / (2 * 7275), j.get("scalingEfficiency").asDouble(), 0.001);

    Path snap = t.resolve("snap.json");
    CliRun s = CliRun.of("snapshot", sync.toString(), "--out", snap.toString());
    assertEquals(0, s.code(), s.err());
    CliRun replay = CliRun.of("scaling-report", "--from-snapshot", snap.toString(), "--format",
        "json");
    assertEquals(0, replay.code(), replay.err());
    assertEquals(CUMULATIVE, new ObjectMapper().readTree(replay.out())
        .get("cumulativeExecsPerSec").asDouble(), 0.1);
  }

  @Test
  void htmlIsSelfContainedWithCharts(@TempDir Path t) throws Exception {
    Path sync = finishedCampaign(t);
    Path html = t.resolve("report.html");
    CliRun r = CliRun.of("scaling-report", sync.toString(), "--format", "html", "--out",
        html.toString());
    assertEquals(0, r.code(), r.err());
    String page = Files.readString(html);
    assertFalse(page.contains("http://") || page.contains("https://"), "external reference");
    assertFalse(page.contains("<script"));
    for (String chart : List.of("cpu-map", "execs-chart")) {
      assertTrue(page.contains("<svg class=\"" + chart + "\""), chart);
    }
    assertTrue(page.contains("<polyline"), "the main instance's execs/s line");
    screenshot(html, t);
  }

  /** Renders the page in headless Chromium when it is installed; the PNG must not be blank. */
  static Path screenshot(Path html, Path t) throws Exception {
    Path png = t.resolve(html.getFileName() + ".png");
    Chromium.screenshot(html, png, 1200, 900, t);
    assertTrue(Files.size(png) > 20_000, "screenshot too small to hold the charts: "
        + Files.size(png));
    return png;
  }
}
