package dev.fuzzprof.acquire.afl;

import dev.fuzzprof.acquire.InstanceFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AflOutputDirTest {

  @Test
  void syncDirSingleAndInstanceDir(@TempDir Path t) throws IOException {
    Files.createDirectories(t.resolve("sync/main/queue"));
    Files.writeString(t.resolve("sync/main/fuzzer_stats"), "fuzzer_pid : 1\n");
    Files.createDirectories(t.resolve("sync/s1/queue"));
    Files.createDirectories(t.resolve("sync/.synced"));
    assertEquals(2, AflOutputDir.read(t.resolve("sync")).size());
    assertEquals("fuzzer_pid : 1\n", AflOutputDir.read(t.resolve("sync/main")).get(0).fuzzerStats());
    Files.createDirectories(t.resolve("out/default/queue"));
    assertEquals("default", AflOutputDir.read(t.resolve("out")).get(0).name());
  }

  @Test
  void badDirectories(@TempDir Path t) throws IOException {
    Files.createDirectories(t.resolve("empty"));
    Files.createDirectories(t.resolve("other/x"));
    Files.writeString(t.resolve("file"), "x");
    FuzzprofException e = assertThrows(FuzzprofException.class,
        () -> AflOutputDir.read(t.resolve("empty")));
    assertTrue(e.getMessage().contains("is empty"));
    assertTrue(assertThrows(FuzzprofException.class, () -> AflOutputDir.read(t.resolve("other")))
        .getMessage().contains("not an AFL output directory"));
    assertThrows(FuzzprofException.class, () -> AflOutputDir.read(t.resolve("file")));
    assertThrows(FuzzprofException.class, () -> AflOutputDir.read(t.resolve("nope")));
  }

  @Test
  void aShortTailOfALongPlotDataKeepsItsHeader(@TempDir Path t) throws IOException {
    String header = "# relative_time, cycles_done, cur_item, corpus_count, pending_total,"
        + " pending_favs, map_size, saved_crashes, saved_hangs, max_depth, execs_per_sec,"
        + " total_execs, edges_found\n";
    StringBuilder sb = new StringBuilder(header);
    for (int i = 1; i <= 2000; i++) {
      sb.append(i * 5).append(", 0, 1, 2, 0, 0, 1.00%, 0, 0, 1, ").append(1000 + i)
          .append(".00, ").append(i * 5000L).append(", 3\n");
    }
    Path inst = Files.createDirectories(t.resolve("s1"));
    Files.writeString(inst.resolve("plot_data"), sb);
    InstanceFiles f = AflOutputDir.readInstance(inst, 4096);
    assertTrue(f.plotData().startsWith("# relative_time"), f.plotData().substring(0, 40));
    assertTrue(f.plotData().length() < 4096 + header.length());
    var points = dev.fuzzprof.parse.afl.PlotDataParser.parse(f.plotData()).points();
    assertEquals(10_000, points.get(points.size() - 1).time());
    assertEquals(10_000_000L, points.get(points.size() - 1).totalExecs());
    assertEquals(java.util.List.of(inst), AflOutputDir.instanceDirs(inst));
  }
}
