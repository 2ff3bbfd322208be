package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code fuzzprof analyze --format json} on every real capture in sample-traces/. The expected
 * figures are the ones sample-traces/README.md gives, counted there with awk on the same files.
 */
class AnalyzeSampleTracesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode analyze(String sample) throws Exception {
    CliRun r = CliRun.of("analyze", "--format", "json", Repo.sample(sample).toString());
    assertEquals(0, r.code(), r.err());
    return JSON.readTree(r.out());
  }

  static List<String> list(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(field == null ? n.asText() : n.get(field).asText()));
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    // file | mode | whole cases (README's awk count, +-1) | syscalls per case | signature
    "afl-persistent-file.strace | persistent | 300 | 6.0 | openat read close gettid getpid tgkill",
    "afl-persistent-forkserver-and-child.strace | persistent | 136 | 6.0 | openat read close gettid getpid tgkill",
    "afl-forkserver.strace | forkserver | 135 | 14.0 | clone write wait4 write read set_robust_list rt_sigaction rt_sigaction close close openat read close exit_group",
    "afl-shmem.strace | shmem | 449 | 3.0 | gettid getpid tgkill",
    "seed-2018-shape.strace | persistent | 454 | 8.0 | rt_sigprocmask openat read close rt_sigprocmask getpid gettid tgkill",
    "persistent-tt-bracket-pid.strace | persistent | 133 | 6.0 | openat read close gettid getpid tgkill",
    "persistent-t-y.strace | persistent | 200 | 6.0 | openat read close gettid getpid tgkill",
    "persistent-plain.strace | persistent | 199 | 6.0 | openat read close gettid getpid tgkill",
    "forkserver-driver.strace | forkserver | 273 | 7.0 | clone wait4 set_robust_list openat read close exit_group",
    "persistent-driver.perf-trace | persistent | 333 | 6.0 | openat read close gettid getpid tgkill",
  })
  void everySampleGivesTheMeasuredPattern(String file, String mode, int cases, double perCase,
      String signature) throws Exception {
    JsonNode r = analyze(file);
    assertEquals(mode, r.get("mode").asText());
    assertTrue(Math.abs(r.get("cases").asLong() - cases) <= 1,
        "cases " + r.get("cases") + " vs " + cases);
    assertEquals(perCase, r.get("syscallsPerCase").asDouble(), 0.05);
    assertEquals(List.of(signature.split(" ")), list(r.get("signature").get("calls"), null));
    assertTrue(r.get("signature").get("share").asDouble() > 0.98);
    assertFalse(r.get("input").get("partial").asBoolean(), r.get("input").toString());
  }

  @Test
  void jsonHasTheDocumentedKeys() throws Exception {
    JsonNode r = analyze("afl-persistent-file.strace");
    for (String key : List.of("mode", "cases", "syscallsPerCase", "caseLength", "signature",
        "perSyscall", "processes", "kernelMicrosPerCase", "casesPerSecond", "tracedSeconds",
        "input", "findings")) {
      assertTrue(r.has(key), key);
    }
    JsonNode f = r.get("findings").get(0);
    assertEquals(List.of("id", "severity", "message", "fix"), iterate(f.fieldNames()));
    assertEquals("file-input", f.get("id").asText());
    assertEquals("high", f.get("severity").asText());
    assertTrue(f.get("message").asText().contains(".cur_input"), f.toString());
  }

  private static List<String> iterate(java.util.Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void forkServerProcessesAreSplitByRole() throws Exception {
    JsonNode r = analyze("afl-forkserver.strace");
    assertEquals(List.of("forkserver", "child"), list(r.get("processes"), "role"));
    assertEquals(5.0, r.get("processes").get(0).get("perCase").asDouble(), 0.1);
    assertEquals(9.0, r.get("processes").get(1).get("perCase").asDouble(), 0.1);
    assertTrue(list(r.get("findings"), "id").contains("not-persistent"));
  }

  @Test
  void sharedMemoryTargetHasNothingToFix() throws Exception {
    JsonNode r = analyze("afl-shmem.strace");
    assertEquals(List.of(), list(r.get("findings"), "id"));
  }

  /**
   * Per-syscall counts against an independent count of the same file: a regex over the raw
   * lines, counting complete and unfinished calls (a resumed line finishes a call already
   * counted).
   */
  @ParameterizedTest
  @CsvSource({"afl-forkserver.strace", "persistent-tt-bracket-pid.strace",
      "seed-2018-shape.strace"})
  void perSyscallCountsMatchAnIndependentCount(String file) throws Exception {
    Pattern call = Pattern.compile(
        "^(?:\\[pid\\s+\\d+\\]\\s+|\\d+\\s+)?(?:[\\d:.]+\\s+)?([a-z_0-9]+)\\(");
    Map<String, Long> expected = new HashMap<>();
    for (String line : Files.readAllLines(Repo.sample(file), StandardCharsets.ISO_8859_1)) {
      Matcher m = call.matcher(line);
      if (m.find()) {
        expected.merge(m.group(1), 1L, Long::sum);
      }
    }
    JsonNode r = analyze(file);
    Map<String, Long> actual = new HashMap<>();
    r.get("perSyscall").forEach(s -> actual.put(s.get("name").asText(), s.get("calls").asLong()));
    assertEquals(expected, actual);
  }

  @Test
  void truncatedTraceStillAnalyzesAndSaysItIsPartial() throws Exception {
    CliRun r = CliRun.of("analyze", Repo.sample("truncated.strace").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("PARTIAL"), r.out());
    assertTrue(r.out().contains("partial-trace"), r.out());
    JsonNode j = analyze("truncated.strace");
    assertTrue(j.get("input").get("partial").asBoolean());
    assertTrue(j.get("input").get("endsMidLine").asBoolean());
    assertEquals("persistent", j.get("mode").asText());
  }

  @Test
  void garbageSampleIsRejectedInOneLine() {
    CliRun r = CliRun.of("analyze", Repo.sample("garbage.bin").toString());
    assertEquals(Exits.DATA, r.code());
    assertTrue(r.oneCleanErrorLine(), r.err());
  }

  @Test
  void standardInput() throws Exception {
    try (InputStream in = Files.newInputStream(Repo.sample("afl-shmem.strace"))) {
      CliRun r = CliRun.withStdin(in, "analyze", "-");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().startsWith("fuzzprof analyze: standard input"), r.out());
      assertTrue(r.out().contains("shmem"), r.out());
    }
  }

  @Test
  void textReportShowsSummarySignatureTableAndFindings() {
    CliRun r = CliRun.of("analyze", Repo.sample("afl-forkserver.strace").toString());
    assertEquals(0, r.code(), r.err());
    String out = r.out();
    assertTrue(out.contains("mode           forkserver"), out);
    assertTrue(out.contains("syscalls/case  14.0 mean"), out);
    assertTrue(out.contains("Per-case sequence"), out);
    assertTrue(out.contains("Syscalls"), out);
    assertTrue(out.contains("HIGH  not-persistent"), out);
    assertTrue(out.contains("fix: "), out);
  }

  @Test
  void everyFindingIdIsUniqueAndDocumentedInTheReadme() throws Exception {
    Path readme = Repo.root().resolve("README.md");
    String text = Files.readString(readme);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (var id : dev.fuzzprof.analyze.FindingId.values()) {
      assertTrue(seen.add(id.id()), "two catalog entries share the id " + id.id());
      assertTrue(text.contains("| `" + id.id() + "` |"), "README.md's findings table does not"
          + " document " + id.id());
    }
  }
}
