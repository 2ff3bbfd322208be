package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare --showmap BIN} on a real parallel set: AFL++ 4.04c -M main and -S s1 in one sync
 * dir, 25 s (-V 25) on the libjpeg file-input harness, started here (AFL_NO_AFFINITY: the box's
 * CPUs may be held by other campaigns, and this test needs no binding). About 35 s in all: the
 * campaign, then one afl-showmap over the merged queue per trial.
 *
 * <p>Truth: each instance's own edges_found in its final fuzzer_stats (read here), and this test's
 * own afl-showmap -C over each instance's queue alone. The union of the merged queue covers every
 * input of both, so it can be no smaller than either instance's queue measured alone: exact, no
 * tolerance. Every edge an instance counted in edges_found was first seen on an input it then
 * kept in its queue, but an unstable edge (one that a run of the same input hits only sometimes;
 * AFL++ counts them in var_byte_count, and this harness has one: stability 90 %) may not come
 * back when afl-showmap runs that input again: the first run here had a union of 9 against
 * edges_found 10, var_byte_count 1. So the union is at least each instance's edges_found less
 * its var_byte_count, and at most the 65,536-entry map.
 */
@Tag("live")
class CompareShowmapLiveTest {
  @TempDir static Path dir;
  static Path bin;
  static Path sync;
  static final List<Process> started = new ArrayList<>();

  @BeforeAll
  static void campaign() throws Exception {
    LiveTargets.assumeTools("afl-fuzz", "afl-showmap");
    bin = Targets.builtAfl("afl_libjpeg_file");
    Path seeds = Files.createDirectories(dir.resolve("seeds"));
    Files.copy(Targets.builtAfl("libjpeg_seed.jpg"), seeds.resolve("seed.jpg"));
    sync = dir.resolve("sync");
    for (String[] role : new String[][] {{"-M", "main"}, {"-S", "s1"}}) {
      ProcessBuilder pb = new ProcessBuilder("afl-fuzz", "-V", "25", "-i", seeds.toString(),
          "-o", sync.toString(), role[0], role[1], "--", bin.toString(), "@@")
          .redirectErrorStream(true).redirectOutput(dir.resolve(role[1] + ".log").toFile());
      pb.environment().putAll(java.util.Map.of("AFL_NO_UI", "1", "AFL_NO_AFFINITY", "1",
          "AFL_SKIP_CPUFREQ", "1", "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "1", "LC_ALL", "C"));
      started.add(pb.start());
    }
    for (Process p : started) {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "afl-fuzz -V 25 did not end");
    }
  }

  @AfterAll
  static void stop() {
    started.forEach(Process::destroyForcibly);
  }

  static long stat(String instance, String field) throws IOException {
    for (String l : Files.readAllLines(sync.resolve(instance).resolve("fuzzer_stats"))) {
      String[] kv = l.split(":", 2);
      if (kv[0].strip().equals(field)) {
        return Long.parseLong(kv[1].strip());
      }
    }
    throw new AssertionError(instance + ": no " + field);
  }

  /** afl-showmap -C over one instance's queue, run here: the lines of its output file. */
  static long showmapAlone(String instance) throws Exception {
    Path out = dir.resolve(instance + ".cov");
    Process p = new ProcessBuilder("afl-showmap", "-C", "-i",
        sync.resolve(instance).resolve("queue").toString(), "-o", out.toString(), "-t", "2000",
        "-m", "none", "--", bin.toString(), "@@").redirectErrorStream(true)
        .redirectOutput(dir.resolve(instance + ".showmap.log").toFile()).start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS));
    return Files.readAllLines(out, StandardCharsets.UTF_8).stream()
        .filter(l -> l.matches("\\d+:\\d+")).count();
  }

  @Test
  void theUnionOfTheMergedQueueCoversEveryInstance() throws Exception {
    CliRun r = CliRun.of("compare", sync.toString(), "--vs", sync.resolve("main").toString(),
        "--showmap", bin.toString(), "--format", "json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    long union = j.get("arms").get(0).get("values").get(0).asLong();
    long mainOnly = j.get("arms").get(1).get("values").get(0).asLong();
    long main = stat("main", "edges_found");
    long s1 = stat("s1", "edges_found");
    long varMain = stat("main", "var_byte_count");
    long varS1 = stat("s1", "var_byte_count");
    long aloneMain = showmapAlone("main");
    long aloneS1 = showmapAlone("s1");
    System.out.printf("union %d; edges_found main %d (var %d), s1 %d (var %d); showmap of main's"
        + " queue %d (fuzzprof %d), of s1's %d%n", union, main, varMain, s1, varS1, aloneMain,
        mainOnly, aloneS1);
    assertTrue(union >= main - varMain && union >= s1 - varS1, "union " + union
        + " < edges_found less the unstable edges: " + main + " - " + varMain + " / " + s1
        + " - " + varS1);
    assertTrue(union >= aloneMain && union >= aloneS1, "union " + union
        + " < one queue alone: " + aloneMain + " / " + aloneS1);
    assertEquals(aloneMain, mainOnly, "fuzzprof's afl-showmap of main's queue and this test's");
    assertTrue(union <= 65_536);
    assertTrue(j.get("notes").toString().contains("afl-showmap over the merged queue"),
        j.get("notes").toString());
  }

  @Test
  void withoutAQueueOrWithAtItIsOneLine() throws Exception {
    CliRun at = CliRun.of("compare", sync.toString(), "--vs", sync.resolve("main").toString(),
        "--showmap", bin.toString(), "--at", "10s");
    assertEquals(2, at.code());
    assertTrue(at.oneCleanErrorLine() && at.err().contains("without --at"), at.err());
    CliRun bundle = CliRun.of("compare", Repo.sample("afl-sync-dir").toString(), "--vs",
        sync.toString(), "--showmap", bin.toString());
    assertEquals(1, bundle.code());
    assertTrue(bundle.oneCleanErrorLine() && bundle.err().contains("no input in the queue"),
        bundle.err());
  }
}
