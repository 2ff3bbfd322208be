package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JSON keys of scaling-report, top and compare are a public interface: scripts read them. Each
 * command's keys are pinned against a golden list (src/test/resources/golden/*.keys, one
 * {@code path key,key,...} line per object), and top's lines carry the keys of scaling-report.
 */
class JsonKeysTest {
  static final Path GOLDEN = CliRun.repo().resolve("profiler-cli/src/test/resources/golden");

  static List<String> keys(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** {@code path key,key,...} lines of a golden file. */
  static String golden(String name, String path) throws Exception {
    return Files.readAllLines(GOLDEN.resolve(name)).stream()
        .filter(l -> l.startsWith(path + " ")).map(l -> l.substring(path.length() + 1))
        .findFirst().orElseThrow(() -> new AssertionError(name + " has no line for " + path));
  }

  @Test
  void scalingReportKeys() throws Exception {
    CliRun r = CliRun.of("scaling-report", CliRun.repo().resolve("sample-traces/afl-sync-dir")
        .toString(), "--format", "json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(golden("scaling-report.keys", "."), String.join(",", keys(j)));
    assertEquals(golden("scaling-report.keys", ".instances[]"),
        String.join(",", keys(j.get("instances").get(0))));
    assertEquals(golden("scaling-report.keys", ".instances[].totals"),
        String.join(",", keys(j.get("instances").get(0).get("totals"))));
    assertEquals(golden("scaling-report.keys", ".findings[]"),
        String.join(",", keys(j.get("findings").get(0))));
  }

  @Test
  void topLinesHaveScalingReportsKeys() throws Exception {
    CliRun r = CliRun.of("top", CliRun.repo().resolve("sample-traces/afl-sync-dir").toString(),
        "--format", "json", "--iterations", "2", "--interval", "200ms");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(2, lines.size(), r.out());
    for (String line : lines) {
      JsonNode j = new ObjectMapper().readTree(line);
      assertEquals(golden("scaling-report.keys", "."), String.join(",", keys(j)));
      assertEquals(golden("scaling-report.keys", ".instances[]"),
          String.join(",", keys(j.get("instances").get(0))));
      assertTrue(j.get("perCore").size() >= 1, line);
      assertEquals(golden("scaling-report.keys", ".perCore[]"),
          String.join(",", keys(j.get("perCore").get(0))));
    }
  }

  @Test
  void compareKeys() throws Exception {
    CliRun r = CliRun.of(CompareCommandTest.args("--metric", "execs", "--format", "json"));
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(golden("compare.keys", "."), String.join(",", keys(j)));
    JsonNode arm = j.get("arms").get(0);
    assertEquals(golden("compare.keys", ".arms[]"), String.join(",", keys(arm)));
    assertEquals(golden("compare.keys", ".arms[].perTrial[]"),
        String.join(",", keys(arm.get("perTrial").get(0))));
    assertEquals(golden("compare.keys", ".arms[].curve[]"),
        String.join(",", keys(arm.get("curve").get(0))));
    assertEquals(golden("compare.keys", ".warnings[]"),
        String.join(",", keys(j.get("warnings").get(0))));
  }
}
