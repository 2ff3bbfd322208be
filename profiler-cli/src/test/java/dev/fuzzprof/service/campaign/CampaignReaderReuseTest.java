package dev.fuzzprof.service.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.fuzzprof.acquire.CampaignFiles;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.cli.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy of the bundled finished campaign read twice, then again after AFL-like writes: a file
 * whose text is unchanged keeps the record parsed from it (the same object), a changed one is
 * parsed again, each file on its own. /proc is an empty tree here: the files are the subject.
 * Takes about 2.2 s (the copy left quiet past FileTexts' 2 s, so its texts are kept).
 */
class CampaignReaderReuseTest {

  @Test
  void unchangedFilesKeepTheirRecordsChangedOnesAreParsedAgain(@TempDir Path t)
      throws Exception {
    Path sync = t.resolve("sync");
    Path from = Repo.sample("libjpeg-campaign");
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path q = sync.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q);
        }
      }
    }
    ProcFs proc = new ProcFs(Files.createDirectories(t.resolve("proc")));
    Thread.sleep(2200);
    CampaignReader.Reading one = CampaignReader.read(CampaignFiles.read(sync), proc, null);
    CampaignReader.Reading two = CampaignReader.read(CampaignFiles.read(sync), proc, one);
    assertEquals(3, two.instances().size());
    for (int k = 0; k < 3; k++) {
      assertSame(one.instances().get(k).stats(), two.instances().get(k).stats());
      assertSame(one.instances().get(k).plot(), two.instances().get(k).plot());
      assertSame(one.instances().get(k).setup(), two.instances().get(k).setup());
    }

    // main: a plot_data row appended; s1: fuzzer_stats replaced by a rename, as AFL++ does
    Path mainPlot = sync.resolve("main/plot_data");
    List<String> rows = Files.readAllLines(mainPlot);
    Files.writeString(mainPlot, rows.get(rows.size() - 1).replaceFirst("^368,", "373,")
        .replace("28228077", "28528077") + "\n", StandardOpenOption.APPEND);
    Path s1Stats = sync.resolve("s1/fuzzer_stats");
    Path tmp = sync.resolve("s1/.fuzzer_stats_tmp");
    Files.writeString(tmp, Files.readString(s1Stats).replaceFirst("(?m)^execs_done\\s*: \\d+",
        "execs_done        : 99999999"));
    Files.move(tmp, s1Stats, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    CampaignReader.Reading three = CampaignReader.read(CampaignFiles.read(sync), proc, two);
    CampaignReader.InstanceReading main = three.instances().get(0);
    CampaignReader.InstanceReading s1 = three.instances().get(1);
    assertEquals("main", main.files().name());
    assertNotSame(two.instances().get(0).plot(), main.plot());
    assertEquals(28528077L, main.plot().points().get(main.plot().points().size() - 1)
        .totalExecs());
    assertSame(two.instances().get(0).stats(), main.stats());
    assertNotSame(two.instances().get(1).stats(), s1.stats());
    assertEquals(99999999L, s1.stats().execsDone());
    assertSame(two.instances().get(1).plot(), s1.plot());
    assertSame(two.instances().get(2).stats(), three.instances().get(2).stats());
  }
}
