package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fuzzprof exporter} over the bundled, finished libjpeg campaign (copied, so a folder can
 * be deleted), scraped over HTTP: the figures against the campaign's own files read here, the
 * output through {@code promtool check metrics}, a deleted folder losing its series; and the
 * contrib/prometheus rules through {@code promtool check rules} and {@code promtool test rules}.
 */
class ExporterCommandTest {

  @Test
  void servesTheCampaignsFiguresAndDropsADeletedFolder(@TempDir Path tmp) throws Exception {
    Path sync = tmp.resolve("sync");
    copy(Repo.sample("libjpeg-campaign"), sync);
    try (ExporterRun e = ExporterRun.start(sync.toString())) {
      String text = e.scrape();
      String campaign = sync.toAbsolutePath().normalize().toString();
      for (String name : List.of("main", "s1", "s2")) {
        Path dir = sync.resolve(name);
        String stats = Files.readString(dir.resolve("fuzzer_stats"));
        List<String> plot = Files.readAllLines(dir.resolve("plot_data"));
        long execsDone = Long.parseLong(field(stats, "execs_done"));
        String[] last = plot.get(plot.size() - 1).split(",\\s*");
        long totalExecs = Long.parseLong(last[11]);
        String[] l = {"fuzzer", name, "campaign", campaign, "engine", "afl"};
        assertEquals((double) Math.max(execsDone, totalExecs),
            ExporterRun.value(text, "fuzzprof_execs_total", l), name + " execs");
        assertEquals(Double.parseDouble(field(stats, "edges_found")),
            ExporterRun.value(text, "fuzzprof_edges_found", l), name);
        assertEquals(Double.parseDouble(field(stats, "total_edges")),
            ExporterRun.value(text, "fuzzprof_map_edges", l), name);
        assertEquals(Double.parseDouble(field(stats, "corpus_count")),
            ExporterRun.value(text, "fuzzprof_corpus_entries", l), name);
        assertEquals(Double.parseDouble(field(stats, "stability").replace("%", "")) / 100,
            ExporterRun.value(text, "fuzzprof_stability_ratio", l), 1e-9, name);
        assertEquals(Double.parseDouble(field(stats, "last_update")),
            ExporterRun.value(text, "fuzzprof_last_update_timestamp_seconds", l), name);
        assertEquals(0.0, ExporterRun.value(text, "fuzzprof_crashes_total", l), name);
        // finished: not up, dead, no CPU or bound CPU series
        assertEquals(0.0, ExporterRun.value(text, "fuzzprof_up", l), name);
        assertEquals(1.0, ExporterRun.value(text, "fuzzprof_status", with(l, "status", "dead")));
        assertEquals(0.0, ExporterRun.value(text, "fuzzprof_status",
            with(l, "status", "running")));
        assertNull(ExporterRun.value(text, "fuzzprof_bound_cpu", l));
        assertNull(ExporterRun.value(text, "fuzzprof_cpu_seconds_total", l));
      }
      // every instance is dead and the campaign finished: scaling-report's info finding
      assertEquals(1.0, ExporterRun.value(text, "fuzzprof_finding", "campaign", campaign, "id",
          "dead-instance", "severity", "info"));
      CliRun check = ExporterRun.promtoolOrSkip(text, "check", "metrics");
      assertEquals(0, check.code(), check.out());

      deleteTree(sync.resolve("s2"));
      Thread.sleep(2100); // past the exporter's 2 s reuse of a refresh
      String after = e.scrape();
      assertNull(ExporterRun.value(after, "fuzzprof_execs_total", "fuzzer", "s2"), after);
      assertNull(ExporterRun.value(after, "fuzzprof_up", "fuzzer", "s2"), after);
      assertNotNull(ExporterRun.value(after, "fuzzprof_up", "fuzzer", "s1"), after);
      assertEquals(130, e.stop(), e.err());
    }
  }

  /**
   * Clients that leave before their answer (reset with SO_LINGER 0 right after the request):
   * the Prometheus client's server would log a stack trace for each; fuzzprof says one line, and
   * goes on serving.
   */
  @Test
  void aClientLeavingEarlyIsOneLineNotAStackTrace(@TempDir Path tmp) throws Exception {
    Path sync = tmp.resolve("sync");
    copy(Repo.sample("libjpeg-campaign"), sync);
    // what reaches the root logger (whose console handler prints stack traces): nothing
    List<java.util.logging.LogRecord> toRoot = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler spy = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord r) {
        toRoot.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    java.util.logging.Logger.getLogger("").addHandler(spy);
    try (ExporterRun e = ExporterRun.start(sync.toString())) {
      for (int i = 0; i < 20; i++) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", e.port)) {
          s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          s.setSoLinger(true, 0);
        }
        Thread.sleep(50);
      }
      assertTrue(e.scrape().contains("fuzzprof_execs_total"), "still serving");
      Thread.sleep(500);
      List<String> lines = e.err().lines().toList();
      assertTrue(lines.stream().anyMatch(l -> l.contains("a scrape's answer was not sent")),
          e.err());
      for (String l : lines) {
        assertTrue(l.startsWith("fuzzprof exporter: "), "not one line: " + l);
      }
    } finally {
      java.util.logging.Logger.getLogger("").removeHandler(spy);
    }
    assertEquals(List.of(), toRoot.stream().map(r -> r.getLoggerName() + ": " + r.getMessage())
        .toList());
  }

  @Test
  void rulesPassPromtool() throws Exception {
    ExporterRun.assumePromtool();
    Path contrib = Repo.root().resolve("contrib/prometheus");
    CliRun check = ExporterRun.promtool("", contrib, "check", "rules",
        "fuzzprof-recording.yml", "fuzzprof-alerts.yml");
    assertEquals(0, check.code(), check.out());
    assertTrue(check.out().contains("SUCCESS: 6 rules found"), check.out());
    assertTrue(check.out().contains("SUCCESS: 5 rules found"), check.out());
    Path tests = Repo.root().resolve("profiler-cli/src/test/resources/prometheus");
    CliRun unit = ExporterRun.promtool("", tests, "test", "rules", "rules-test.yml");
    assertEquals(0, unit.code(), unit.out());
  }

  @Test
  void badListenAndBadDirectoryAreOneLine(@TempDir Path tmp) {
    CliRun r = CliRun.of("exporter", "--listen", "localhost");
    assertEquals(Exits.USAGE, r.code(), r.err());
    assertTrue(r.oneCleanErrorLine(), r.err());
    assertTrue(r.err().contains("HOST:PORT"), r.err());
    r = CliRun.of("exporter", "--listen", "127.0.0.1:99999");
    assertEquals(Exits.USAGE, r.code(), r.err());
    r = CliRun.of("exporter", tmp.resolve("nope").toString());
    assertEquals(Exits.DATA, r.code(), r.err());
    assertTrue(r.oneCleanErrorLine(), r.err());
    assertFalse(r.err().isBlank());
  }

  static String field(String stats, String name) {
    for (String line : stats.split("\n")) {
      int c = line.indexOf(':');
      if (c > 0 && line.substring(0, c).strip().equals(name)) {
        return line.substring(c + 1).strip();
      }
    }
    throw new AssertionError("no " + name + " in fuzzer_stats");
  }

  static String[] with(String[] l, String... more) {
    String[] out = new String[l.length + more.length];
    System.arraycopy(l, 0, out, 0, l.length);
    System.arraycopy(more, 0, out, l.length, more.length);
    return out;
  }

  static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path q = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q);
        }
      }
    }
  }

  static void deleteTree(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
