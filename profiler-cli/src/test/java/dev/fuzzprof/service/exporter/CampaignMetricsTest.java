package dev.fuzzprof.service.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.Severity;
import dev.fuzzprof.analyze.campaign.CampaignReport;
import dev.fuzzprof.analyze.campaign.CampaignReport.CoreSeconds;
import dev.fuzzprof.analyze.campaign.CampaignReport.CpuSeconds;
import dev.fuzzprof.analyze.campaign.CampaignReport.InstanceRow;
import dev.fuzzprof.analyze.campaign.CampaignReport.Totals;
import dev.fuzzprof.analyze.campaign.InstanceStatus;
import dev.fuzzprof.parse.afl.Role;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mapping of a live-shaped report (the kind a 2-CPU box with a collision gives) to metrics,
 * written by the client's own text writer: which series exist, and with what labels and values.
 */
class CampaignMetricsTest {

  static InstanceRow row(String name, boolean alive, InstanceStatus status, List<Integer> cpus,
      Totals totals) {
    return new InstanceRow(name, Role.SECONDARY, alive ? 100 : null, alive, status, 1000.0,
        null, 5.0, 3000L, 300L, 1L, 17L, 90.0, cpus, alive ? cpus.get(0) : null, 50.0, 70.0,
        "process", 10.0, alive, false, List.of(), "/c/sync/" + name, dev.fuzzprof.analyze.Engine.AFL, totals, null, null, null);
  }

  static CampaignReport report(List<InstanceRow> rows, List<Finding> findings) {
    return new CampaignReport("/c/sync", rows, 2, 0, 1, 0, 0, 2000.0, 2, "2 live", List.of(0, 1),
        List.of(0), List.of(1), List.of(), List.of(), List.of(), 70.0, 5.0, null, null,
        findings, List.of(), null, List.of(new CoreSeconds(0, 10, 20),
            new CoreSeconds(1, 30, 40), new CoreSeconds(2, 50, 60)));
  }

  static String text(List<CampaignMetrics.Scope> scopes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, CampaignMetrics.of(scopes));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void liveDeadAndFindings() throws Exception {
    Totals live = new Totals(123_456L, 2L, 0L, 10L, 24L, 1_800_000_000L,
        new CpuSeconds(1.5, 2.5, 3.5, 4.5));
    Totals dead = new Totals(99L, 0L, 0L, null, null, 1_700_000_000L, null);
    Finding collision = new Finding("affinity-collision", Severity.HIGH, "m", "f");
    String t = text(List.of(new CampaignMetrics.Scope("/c/sync", report(List.of(
        row("s1", true, InstanceStatus.RUNNING, List.of(0), live),
        row("s2", true, InstanceStatus.RUNNING, List.of(0, 1), live),
        row("s3", false, InstanceStatus.DEAD, List.of(), dead)),
        List.of(collision, collision)))));
    String s1 = "campaign=\"/c/sync\",engine=\"afl\",fuzzer=\"s1\"";
    String s3 = "campaign=\"/c/sync\",engine=\"afl\",fuzzer=\"s3\"";
    assertTrue(t.contains("# TYPE fuzzprof_execs_total counter"), t);
    assertTrue(t.contains("fuzzprof_execs_total{" + s1 + "} 123456.0"), t);
    // the client sorts the labels by name
    assertTrue(t.contains("fuzzprof_cpu_seconds_total{campaign=\"/c/sync\",cpu_mode=\"system\","
        + "engine=\"afl\",fuzzer=\"s1\",process=\"target\"} 4.5"), t);
    assertTrue(t.contains("fuzzprof_cpu_seconds_total{campaign=\"/c/sync\",cpu_mode=\"user\","
        + "engine=\"afl\",fuzzer=\"s1\",process=\"fuzzer\"} 1.5"), t);
    assertTrue(t.contains("fuzzprof_bound_cpu{" + s1 + "} 0.0"), t);
    assertTrue(t.contains("fuzzprof_bound_cpu{campaign=\"/c/sync\",engine=\"afl\","
        + "fuzzer=\"s2\"} -1.0"), t);
    assertTrue(t.contains("fuzzprof_stability_ratio{" + s1 + "} 0.9"), t);
    // the dead one: up 0, status dead, its counters kept, no CPU, no bound CPU, no edges
    assertTrue(t.contains("fuzzprof_up{" + s3 + "} 0.0"), t);
    assertTrue(t.contains("fuzzprof_status{" + s3 + ",status=\"dead\"} 1.0"), t);
    assertTrue(t.contains("fuzzprof_status{" + s3 + ",status=\"running\"} 0.0"), t);
    assertTrue(t.contains("fuzzprof_execs_total{" + s3 + "} 99.0"), t);
    assertFalse(t.contains("fuzzprof_bound_cpu{" + s3), t);
    assertFalse(t.contains("fuzzer=\"s3\",process="), t);
    assertFalse(t.contains("fuzzprof_edges_found{" + s3), t);
    // busy seconds: the CPUs live instances may run on (0 and 1), not CPU 2
    assertTrue(t.contains("fuzzprof_cpu_busy_seconds_total{cpu=\"1\",cpu_mode=\"system\"} 40.0"),
        t);
    assertFalse(t.contains("cpu=\"2\""), t);
    // two collisions make one series counting them
    assertTrue(t.contains("fuzzprof_finding{campaign=\"/c/sync\",id=\"affinity-collision\","
        + "severity=\"high\"} 2.0"), t);
    // one series per status word
    assertEquals(InstanceStatus.values().length, t.lines().filter(l -> l.startsWith("fuzzprof_status{" + s3)).count());
  }

  @Test
  void hostWideFindingsCarryNoCampaign() throws Exception {
    String t = text(List.of(new CampaignMetrics.Scope(null, report(List.of(),
        List.of(new Finding("idle-cores", Severity.MEDIUM, "m", "f"))))));
    assertTrue(t.contains("fuzzprof_finding{id=\"idle-cores\",severity=\"medium\"} 1.0"), t);
    assertFalse(t.contains("fuzzprof_up"), t);
  }
}
