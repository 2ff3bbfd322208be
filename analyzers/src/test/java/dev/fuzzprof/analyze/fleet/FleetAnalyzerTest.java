package dev.fuzzprof.analyze.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.fleet.FleetReport.Host;
import dev.fuzzprof.parse.prometheus.QueryResponseParser.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetAnalyzerTest {
  static final double NOW = 1_000_000;

  static Sample s(String host, String fuzzer, double v, String... more) {
    Map<String, String> l = new java.util.HashMap<>(Map.of("instance", host, "fuzzer", fuzzer,
        "campaign", "/c"));
    for (int i = 0; i < more.length; i += 2) {
      l.put(more[i], more[i + 1]);
    }
    return new Sample(Map.copyOf(l), NOW, v);
  }

  static Sample cpu(String host, String cpu, String mode, double v) {
    return new Sample(Map.of("instance", host, "cpu", cpu, "cpu_mode", mode), NOW, v);
  }

  @Test
  void perHostFiguresAndTheFleetsOwnFindings() {
    FleetObservation o = new FleetObservation(NOW, 60,
        List.of(s("a:1", "m", 1000), s("a:1", "s1", 2000), s("a:1", "s2", 500),
            s("b:1", "m", 0)),
        List.of(s("a:1", "m", 1), s("a:1", "s1", 1), s("a:1", "s2", 1), s("b:1", "m", 0)),
        List.of(s("a:1", "m", NOW - 10), s("a:1", "s1", NOW - 400), s("a:1", "s2", NOW - 5),
            s("b:1", "m", NOW - 9000)),
        List.of(s("a:1", "m", 0), s("a:1", "s1", 1), s("a:1", "s2", 1)),
        List.of(s("a:1", "m", 0.6, "cpu_mode", "user", "process", "target"),
            s("a:1", "m", 0.4, "cpu_mode", "system", "process", "target"),
            s("a:1", "s1", 1.0, "cpu_mode", "user", "process", "target")),
        List.of(cpu("a:1", "0", "user", 0.6), cpu("a:1", "0", "system", 0.38),
            cpu("a:1", "1", "user", 0.9), cpu("a:1", "2", "user", 0.2),
            cpu("a:1", "2", "system", 0.1)),
        List.of(s("a:1", "", 1, "id", "affinity-collision", "severity", "high")));
    FleetReport r = FleetAnalyzer.analyze(o);
    assertEquals(2, r.hosts().size());
    Host a = r.hosts().get(0);
    assertEquals("a:1", a.host());
    assertEquals(3500, a.execsPerSec(), 1e-9);
    assertEquals(3, a.instances());
    assertEquals(3, a.live());
    assertEquals(0, a.dead());
    assertEquals(1, a.stale()); // s1; b's m is dead, so not stale
    assertEquals(2.0, a.cpusUsed(), 1e-9);
    assertEquals(0.2, a.kernelShare(), 1e-9);
    assertEquals(List.of(0, 1), a.boundCpus());
    assertEquals(List.of(1), a.collidedCpus());
    assertEquals(List.of(2), a.idleCpus()); // 30 % busy
    Host b = r.hosts().get(1);
    assertEquals(1, b.dead());
    assertEquals(0, b.stale());
    assertNull(b.idleCpus());
    assertNull(b.cpusUsed());
    assertEquals(4, r.total().instances());
    assertEquals(3500, r.total().execsPerSec(), 1e-9);
    List<String> ids = r.findings().stream().map(Finding::id).toList();
    assertEquals(List.of("affinity-collision", "idle-cores", "stale-stats", "dead-instance"),
        ids);
    assertTrue(r.findings().get(0).message().startsWith("a:1: "), r.findings().get(0).message());
    assertEquals(1, r.exporterFindings().size());
    assertEquals("affinity-collision", r.exporterFindings().get(0).id());
  }

  @Test
  void kernelHeavyOverThirtyPercent() {
    FleetObservation o = new FleetObservation(NOW, 60, List.of(s("h", "m", 10)),
        List.of(s("h", "m", 1)), List.of(), List.of(),
        List.of(s("h", "m", 0.5, "cpu_mode", "user"), s("h", "m", 0.5, "cpu_mode", "system")),
        List.of(), List.of());
    FleetReport r = FleetAnalyzer.analyze(o);
    assertEquals(List.of("kernel-heavy"), r.findings().stream().map(Finding::id).toList());
    assertEquals(0.5, r.total().kernelShare(), 1e-9);
  }
}
