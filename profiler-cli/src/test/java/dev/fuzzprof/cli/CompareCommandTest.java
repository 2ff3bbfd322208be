package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fuzzprof compare} on the bundled A/B trials (sample-traces/compare, recorded by
 * record-compare.sh: one harness as a shared-memory persistent build and as a fork-server build,
 * 5 trials of 90 s each), checked against the files themselves and against scipy's p-values for
 * the same values (analyzers' compare/reference.json, made by reference.py).
 */
class CompareCommandTest {
  static List<String> trials(String arm) throws Exception {
    try (Stream<Path> s = Files.list(Repo.sample("compare"))) {
      return s.filter(p -> p.getFileName().toString().startsWith(arm + "-")
          && Files.isDirectory(p)).map(Path::toString).sorted().toList();
    }
  }

  /** A field of each trial's fuzzer_stats, read here with a plain split. */
  static List<Long> field(String arm, String name) throws Exception {
    List<Long> out = new ArrayList<>();
    for (String t : trials(arm)) {
      for (String l : Files.readAllLines(Path.of(t, "default", "fuzzer_stats"))) {
        String[] kv = l.split(":", 2);
        if (kv[0].strip().equals(name)) {
          out.add(Long.parseLong(kv[1].strip()));
        }
      }
    }
    return out;
  }

  static String[] args(String... extra) throws Exception {
    List<String> a = new ArrayList<>(List.of("compare"));
    a.addAll(trials("shmem"));
    a.add("--vs");
    a.addAll(trials("forkserver"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  static JsonNode scipy(String caseName) throws Exception {
    JsonNode ref = new ObjectMapper().readTree(Repo.root().resolve(
        "analyzers/src/test/resources/compare/reference.json").toFile());
    for (JsonNode c : ref.get("cases")) {
      if (c.get("name").asText().equals(caseName)) {
        return c;
      }
    }
    throw new AssertionError("no reference case " + caseName);
  }

  @Test
  void jsonKeysValuesAndTheTestAgainstScipy() throws Exception {
    for (String[] m : new String[][] {{"execs", "execs_done"}, {"edges", "edges_found"},
        {"corpus", "corpus_count"}}) {
      CliRun r = CliRun.of(args("--metric", m[0], "--format", "json"));
      assertEquals(0, r.code(), r.err());
      JsonNode j = new ObjectMapper().readTree(r.out());
      assertTrue(Set.of("metric", "arms", "pValue", "a12", "magnitude", "warnings", "verdict",
          "test").stream().allMatch(j::has), j.toString());
      assertEquals(m[0], j.get("metric").asText());
      JsonNode a = j.get("arms").get(0);
      JsonNode b = j.get("arms").get(1);
      assertEquals("shmem", a.get("name").asText());
      assertEquals("forkserver", b.get("name").asText());
      assertEquals(trials("shmem").size(), a.get("trials").asInt());
      List<Long> va = new ArrayList<>();
      a.get("values").forEach(v -> va.add(v.asLong()));
      assertEquals(field("shmem", m[1]), va, m[0]);
      JsonNode ref = scipy("bundled trials, " + m[0]);
      assertEquals(ref.get("p").asDouble(), j.get("pValue").asDouble(), 1e-9, m[0]);
      assertEquals(ref.get("a12").asDouble(), j.get("a12").asDouble(), 1e-12, m[0]);
      assertEquals(ref.get("quartilesA").get(1).asDouble(), a.get("median").asDouble(), 1e-9);
      assertEquals(ref.get("quartilesB").get(0).asDouble(), b.get("q1").asDouble(), 1e-9);
      assertEquals(ref.get("quartilesB").get(2).asDouble(), b.get("q3").asDouble(), 1e-9);
      assertEquals(ref.get("method").asText().equals("exact") ? "exact"
          : "normal approximation, tie and continuity corrected", j.get("test").asText());
      Set<String> ids = new TreeSet<>();
      j.get("warnings").forEach(w -> ids.add(w.get("id").asText()));
      // 5 trials per arm, and two builds of one harness: said, nothing else is unfair
      assertEquals(Set.of("few-trials", "different-targets"), ids, m[0]);
    }
  }

  @Test
  void textSaysTheVerdictAndNeverOverclaims() throws Exception {
    CliRun execs = CliRun.of(args("--metric", "execs"));
    assertEquals(0, execs.code(), execs.err());
    JsonNode ref = scipy("bundled trials, execs");
    String first = execs.out().lines().findFirst().orElseThrow();
    if (ref.get("p").asDouble() <= 0.05) {
      String higher = ref.get("a12").asDouble() > 0.5 ? "shmem" : "forkserver";
      assertTrue(first.startsWith(higher + " had more executions than"), first);
    } else {
      assertTrue(first.startsWith("no significant difference"), first);
    }
    assertTrue(execs.out().contains("[medium] few-trials"), execs.out());
    CliRun edges = CliRun.of(args("--metric", "edges", "--name-a", "persistent",
        "--name-b", "fork"));
    JsonNode e = scipy("bundled trials, edges");
    String line = edges.out().lines().findFirst().orElseThrow();
    assertEquals(e.get("p").asDouble() > 0.05, line.startsWith("no significant difference in"
        + " edges found between persistent and fork"), line);
  }

  @Test
  void atAMomentFromPlotData() throws Exception {
    CliRun r = CliRun.of(args("--metric", "execs", "--at", "70s", "--format", "json"));
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(70, j.get("atSeconds").asInt());
    // each value is the total_execs of the trial's last plot_data row by 70 s
    JsonNode a = j.get("arms").get(0);
    int k = 0;
    for (String t : trials("shmem")) {
      long at60 = Files.readAllLines(Path.of(t, "default", "plot_data")).stream()
          .filter(l -> !l.startsWith("#")).map(l -> l.split(",\\s*"))
          .filter(f -> Long.parseLong(f[0]) <= 70).mapToLong(f -> Long.parseLong(f[11]))
          .reduce((x, y) -> y).orElseThrow();
      assertEquals(at60, a.get("values").get(k++).asLong(), t);
    }
    assertTrue(a.get("curve").size() > 3, "a median curve: " + a.get("curve"));
  }

  @Test
  void libFuzzerLogsAreTrialsWithFinalValues() throws Exception {
    List<String> a = new ArrayList<>(List.of("compare"));
    try (Stream<Path> s = Files.list(Repo.sample("compare"))) {
      s.filter(p -> p.getFileName().toString().endsWith(".log")).map(Path::toString).sorted()
          .forEach(a::add);
    }
    assertTrue(a.size() >= 3, a.toString());
    a.add("--vs");
    a.addAll(trials("shmem"));
    a.addAll(List.of("--metric", "execs", "--format", "json"));
    CliRun r = CliRun.of(a.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals("libfuzzer", j.get("arms").get(0).get("name").asText());
    assertEquals(0, j.get("arms").get(0).get("curve").size());
    assertTrue(j.get("notes").toString().contains("libFuzzer"), j.get("notes").toString());
    CliRun at = CliRun.of(Stream.concat(a.stream(), Stream.of("--at", "5s"))
        .toArray(String[]::new));
    assertEquals(1, at.code(), at.out());
    assertTrue(at.oneCleanErrorLine() && at.err().contains("final values only"), at.err());
  }

  @Test
  void badInputIsOneLine(@TempDir Path tmp) throws Exception {
    CliRun late = CliRun.of(args("--at", "10m"));
    assertEquals(1, late.code());
    assertTrue(late.oneCleanErrorLine() && late.err().contains("less than --at 600 s"),
        late.err());
    Path notALog = Files.writeString(tmp.resolve("notes.txt"), "hello\n");
    CliRun file = CliRun.of("compare", notALog.toString(), "--vs", trials("shmem").get(0));
    assertEquals(1, file.code());
    assertTrue(file.oneCleanErrorLine() && file.err().contains("not a libFuzzer log"),
        file.err());
    CliRun empty = CliRun.of("compare", Files.createDirectory(tmp.resolve("empty")).toString(),
        "--vs", trials("shmem").get(0));
    assertEquals(1, empty.code());
    assertTrue(empty.oneCleanErrorLine(), empty.err());
    CliRun noB = CliRun.of("compare", trials("shmem").get(0));
    assertEquals(2, noB.code());
    assertTrue(noB.oneCleanErrorLine(), noB.err());
    CliRun metric = CliRun.of(args("--metric", "bugs"));
    assertEquals(2, metric.code());
    assertTrue(metric.err().contains("edges, corpus, execs or crashes"), metric.err());
    CliRun frac = CliRun.of(args("--at", "1500ms"));
    assertEquals(2, frac.code());
    assertTrue(frac.oneCleanErrorLine() && frac.err().contains("whole seconds"), frac.err());
    CliRun html = CliRun.of(args("--format", "html"));
    assertEquals(2, html.code());
    assertFalse(html.err().contains("Exception"), html.err());
  }

  @Test
  void runModeRefusesBadArmsInOneLineBeforeStartingAnything(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectory(tmp.resolve("in"));
    Files.writeString(in.resolve("seed"), "x");
    String out = tmp.resolve("out").toString();
    String target = Repo.root().resolve("targets/input.bin").toString();
    String[][] bad = {
        {"--arm-a", "afl-fuzz -p fast -- " + target, "write NAME="},
        {"--arm-a", "fast=afl-fuzz -p fast " + target, "then -- and the target"},
        {"--arm-a", "fast=afl-fuzz -S x -- " + target, "-S is set by compare --run"},
        {"--arm-a", "same=afl-fuzz -- " + target, "different names"},
    };
    for (String[] b : bad) {
      CliRun r = CliRun.of("compare", "--run", "--trials", "2", "--duration", "20s", "-i",
          in.toString(), "-o", out, b[0], b[1], "--arm-b", "same=afl-fuzz -- " + target);
      assertEquals(2, r.code(), b[1] + ": " + r.err());
      assertTrue(r.oneCleanErrorLine() && r.err().contains(b.length > 2 ? b[2] : ""),
          b[1] + ": " + r.err());
    }
    CliRun missing = CliRun.of("compare", "--run", "--trials", "2", "-i", in.toString());
    assertEquals(2, missing.code());
    assertTrue(missing.oneCleanErrorLine() && missing.err().contains("--duration T"),
        missing.err());
    CliRun both = CliRun.of("compare", "--run", trials("shmem").get(0));
    assertEquals(2, both.code());
    assertTrue(both.oneCleanErrorLine() && both.err().contains("no A_DIR"), both.err());
    assertFalse(Files.exists(tmp.resolve("out")), "nothing was started or made");
  }

  /** A bundled trial copied with a trial file beside it, as compare --run leaves one. */
  static Path withTrialFile(Path tmp, String trial, String json) throws Exception {
    Path src = Path.of(trial);
    Path dst = tmp.resolve(src.getFileName());
    Files.createDirectories(dst.resolve("default"));
    for (String f : List.of("fuzzer_stats", "fuzzer_setup", "plot_data", "cmdline")) {
      Files.copy(src.resolve("default").resolve(f), dst.resolve("default").resolve(f));
    }
    Files.writeString(dst.resolve("fuzzprof-trial.json"), json);
    return dst;
  }

  @Test
  void theOfflineModeReadsTheCpuATrialFileRecorded(@TempDir Path tmp) throws Exception {
    String file = "{\"format\":1,\"arm\":\"A\",\"armName\":\"%s\",\"round\":1,"
        + "\"cpus\":[1],\"wallSeconds\":90.4,\"cpuSeconds\":%s,\"fuzzerUser\":1,"
        + "\"fuzzerSystem\":1,\"targetUser\":1,\"targetSystem\":1,"
        + "\"startedAt\":\"2026-12-02T10:00:00Z\",\"commands\":[]}";
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    double[] cpuA = {88.5, 80.0, 86.0, 89.0, 84.0};
    for (int i = 0; i < 5; i++) {
      a.add(withTrialFile(Files.createDirectories(tmp.resolve("a")), trials("shmem").get(i),
          String.format(java.util.Locale.ROOT, file, "shmem", cpuA[i])).toString());
      b.add(withTrialFile(Files.createDirectories(tmp.resolve("b")),
          trials("forkserver").get(i), String.format(java.util.Locale.ROOT, file, "forkserver",
              60.0)).toString());
    }
    List<String> cmd = new ArrayList<>(List.of("compare"));
    cmd.addAll(a);
    cmd.add("--vs");
    cmd.addAll(b);
    cmd.addAll(List.of("--metric", "execs", "--format", "json"));
    CliRun r = CliRun.of(cmd.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    JsonNode armA = j.get("arms").get(0);
    assertEquals("shmem", armA.get("name").asText(), "every trial file of arm A says shmem");
    assertEquals(86.0, armA.get("cpuSeconds").asDouble());
    List<Long> execs = field("shmem", "execs_done");
    for (int i = 0; i < 5; i++) {
      JsonNode t = armA.get("perTrial").get(i);
      assertEquals(cpuA[i], t.get("cpuSeconds").asDouble());
      assertEquals(execs.get(i) / cpuA[i], t.get("perCpuSecond").asDouble(), 1e-9);
      assertEquals("[1]", t.get("cpus").toString());
    }
    assertTrue(j.get("warnings").toString().contains("median CPU seconds received"),
        j.get("warnings").toString());
    CliRun text = CliRun.of(cmd.subList(0, cmd.size() - 2).toArray(String[]::new));
    assertTrue(text.out().contains("per CPU-second: median"), text.out());
    List<String> html = new ArrayList<>(cmd.subList(0, cmd.size() - 2));
    html.addAll(List.of("--format", "html", "--out", tmp.resolve("r.html").toString()));
    assertEquals(0, CliRun.of(html.toArray(String[]::new)).code());
    String page = Files.readString(tmp.resolve("r.html"));
    assertTrue(page.contains("<th>CPU seconds received (median)</th>")
        && page.contains("<td>86.0</td>"), "the arm's median CPU in the page");
    Files.writeString(Path.of(a.get(0), "fuzzprof-trial.json"), "{\"format\": 7}");
    CliRun bad = CliRun.of(cmd.toArray(String[]::new));
    assertEquals(1, bad.code());
    assertTrue(bad.oneCleanErrorLine() && bad.err().contains("not a fuzzprof trial file"),
        bad.err());
  }
}
