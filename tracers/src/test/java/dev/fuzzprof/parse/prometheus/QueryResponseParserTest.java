package dev.fuzzprof.parse.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.parse.prometheus.QueryResponseParser.Sample;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Answers of a real Prometheus to fuzzprof fleet's queries (recorded by
 * resources/prometheus/record.sh: one live AFL++ instance and a finished campaign, two
 * exporters); the expected figures were read off the files.
 */
class QueryResponseParserTest {
  static final double AT = 1796210694;

  static String fixture(String name) throws IOException {
    try (InputStream in = QueryResponseParserTest.class.getResourceAsStream("/prometheus/"
        + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aVectorOfUpPerInstanceWithPrometheusLabels() throws IOException {
    List<Sample> up = QueryResponseParser.parse(fixture("up.json"));
    assertEquals(4, up.size());
    assertEquals(1, up.stream().filter(s -> s.value() == 1).count());
    Sample live = up.stream().filter(s -> s.value() == 1).findFirst().orElseThrow();
    assertEquals("127.0.0.1:57965", live.label("instance"));
    assertEquals("s1", live.label("fuzzer"));
    assertEquals("fuzzprof_up", live.label("__name__"));
    assertEquals(AT, live.time());
    assertEquals("", live.label("no-such-label"));
    assertEquals(3, up.stream().filter(s -> s.label("instance").equals("127.0.0.1:46653"))
        .count());
  }

  @Test
  void ratesAreNumbersWrittenAsStrings() throws IOException {
    List<Sample> cpu = QueryResponseParser.parse(fixture("cpu-rate.json"));
    assertEquals(4, cpu.size());
    Sample target = cpu.stream().filter(s -> s.label("process").equals("target")
        && s.label("cpu_mode").equals("system")).findFirst().orElseThrow();
    assertEquals(0.5761680951064418, target.value());
    List<Sample> busy = QueryResponseParser.parse(fixture("busy-rate.json"));
    assertEquals(2, busy.size());
    assertEquals("1", busy.get(0).label("cpu"));
    List<Sample> findings = QueryResponseParser.parse(fixture("finding.json"));
    assertTrue(findings.stream().anyMatch(s -> s.label("id").equals("dead-instance")
        && s.label("severity").equals("info")));
  }

  @Test
  void aScalarAndPrometheusSpecialValues() throws IOException {
    List<Sample> s = QueryResponseParser.parse(fixture("scalar.json")); // count(fuzzprof_up)
    assertEquals(1, s.size());
    assertEquals(4.0, s.get(0).value());
    assertTrue(s.get(0).labels().isEmpty());
    String nan = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
        + "[{\"metric\":{},\"value\":[1,\"NaN\"]},{\"metric\":{},\"value\":[1,\"+Inf\"]}]}}";
    List<Sample> v = QueryResponseParser.parse(nan);
    assertTrue(Double.isNaN(v.get(0).value()));
    assertEquals(Double.POSITIVE_INFINITY, v.get(1).value());
  }

  @Test
  void anErrorAnswerSaysWhy() throws IOException {
    FuzzprofException e = assertThrows(FuzzprofException.class,
        () -> QueryResponseParser.parse(fixture("error.json")));
    assertEquals(FuzzprofException.Kind.DATA, e.kind());
    assertTrue(e.getMessage().startsWith("Prometheus: bad_data: invalid parameter"),
        e.getMessage());
  }

  @Test
  void anExportersMetricsIsNoPrometheusAnswer() throws IOException {
    FuzzprofException e = assertThrows(FuzzprofException.class,
        () -> QueryResponseParser.parse(fixture("not-prometheus.txt")));
    assertTrue(e.getMessage().startsWith("not a Prometheus API answer"), e.getMessage());
    assertThrows(FuzzprofException.class, () -> QueryResponseParser.parse("{\"a\":1}"));
    assertThrows(FuzzprofException.class, () -> QueryResponseParser.parse(""));
    assertThrows(FuzzprofException.class, () -> QueryResponseParser.parse(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"));
  }
}
