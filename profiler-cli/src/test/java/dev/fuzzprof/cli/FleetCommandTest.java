package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fleet's command line and its one-line errors (the live half is in ExporterPrometheusTest). */
class FleetCommandTest {

  @Test
  void unreachablePrometheusIsOneLineExitOne() throws Exception {
    int port = ExporterPrometheusTest.freePort(); // nothing listens there any more
    CliRun r = CliRun.of("fleet", "--prometheus", "http://127.0.0.1:" + port);
    assertEquals(Exits.DATA, r.code(), r.err());
    assertTrue(r.oneCleanErrorLine(), r.err());
    assertTrue(r.err().startsWith("fuzzprof fleet: cannot reach Prometheus at http://127.0.0.1:"
        + port), r.err());
  }

  @Test
  void anExporterIsNotAPrometheus(@TempDir Path t) throws Exception {
    Path other = t.resolve("c");
    ExporterCommandTest.copy(Repo.sample("libjpeg-campaign"), other);
    try (ExporterRun e = ExporterRun.start(other.toString())) {
      CliRun r = CliRun.of("fleet", "--prometheus", "http://127.0.0.1:" + e.port);
      assertEquals(Exits.DATA, r.code(), r.err());
      assertTrue(r.oneCleanErrorLine(), r.err());
      assertTrue(r.err().contains("is not a Prometheus server"), r.err());
    }
  }

  @Test
  void usageErrors() {
    CliRun bad = CliRun.of("fleet", "--prometheus", "ftp://x");
    assertEquals(Exits.USAGE, bad.code(), bad.err());
    assertTrue(bad.oneCleanErrorLine(), bad.err());
    CliRun ms = CliRun.of("fleet", "--prometheus", "http://127.0.0.1:1", "--window", "1500ms");
    assertEquals(Exits.USAGE, ms.code(), ms.err());
    CliRun html = CliRun.of("fleet", "--prometheus", "http://127.0.0.1:1", "--format", "html");
    assertEquals(Exits.USAGE, html.code(), html.err());
    CliRun none = CliRun.of("fleet");
    assertEquals(Exits.USAGE, none.code(), none.err());
  }
}
