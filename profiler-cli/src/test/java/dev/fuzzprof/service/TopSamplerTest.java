package dev.fuzzprof.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.analyze.top.TopSample;
import dev.fuzzprof.cli.Repo;
import dev.fuzzprof.parse.afl.PlotPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopSamplerTest {
  static final String HEADER = "# relative_time, cycles_done, cur_item, corpus_count,"
      + " pending_total, pending_favs, map_size, saved_crashes, saved_hangs, max_depth,"
      + " execs_per_sec, total_execs, edges_found\n";

  @Test
  void lastPlotReadsTheHeaderAndTheTailOfALongFile(@TempDir Path t) throws Exception {
    StringBuilder sb = new StringBuilder(HEADER);
    for (int i = 1; i <= 2000; i++) {
      sb.append(i * 5).append(", 0, 1, 2, 0, 0, 1.00%, 0, 0, 1, ").append(1000 + i).append(".00, ")
          .append(i * 5000L).append(", 3\n");
    }
    Files.writeString(t.resolve("plot_data"), sb);
    assertTrue(Files.size(t.resolve("plot_data")) > 4 * TopSampler.PLOT_TAIL);
    assertEquals(new PlotPoint(10_000, 3000.0, 10_000_000L), TopSampler.lastPlot(t));
  }

  @Test
  void lastPlotOfAShortOrMissingFile(@TempDir Path t) throws Exception {
    assertNull(TopSampler.lastPlot(t));
    Files.writeString(t.resolve("plot_data"), HEADER);
    assertNull(TopSampler.lastPlot(t));
    Files.writeString(t.resolve("plot_data"), HEADER + "5, 0, 1, 2, 0, 0, 1.00%, 0, 0, 1, 77.50, 400, 3\n");
    assertEquals(new PlotPoint(5, 77.5, 400L), TopSampler.lastPlot(t));
  }

  @Test
  void instanceFoldersOfTheSampleSyncDir() {
    List<String> names = TopSampler.instanceDirs(Repo.sample("afl-sync-dir")).stream()
        .map(p -> p.getFileName().toString()).toList();
    assertTrue(names.contains("main"), names.toString());
    assertTrue(names.size() >= 2, names.toString());
  }

  @Test
  void aSyncDirWithoutRunningFuzzersGivesRowsThatAreNotRunning() {
    TopSample s = new TopSampler(ProcFs.live(), Repo.sample("afl-sync-dir")).sample();
    assertTrue(s.instances().size() >= 2);
    // the recorded fuzzer_pid values belong to long-gone processes (or to non-afl programs)
    assertTrue(s.instances().stream().allMatch(i -> i.pid() == -1 || i.running()));
  }

  @Test
  void aflFlagValues() {
    List<String> args = List.of("afl-fuzz", "-i", "in", "-osync", "-S", "s1", "--", "./t", "-o",
        "x");
    assertEquals("sync", TopSampler.flagValue(args, "-o"));
    assertEquals("s1", TopSampler.flagValue(args, "-S"));
    assertNull(TopSampler.flagValue(args, "-M"));
  }
}
