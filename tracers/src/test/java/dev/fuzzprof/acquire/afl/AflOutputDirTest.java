package dev.fuzzprof.acquire.afl;

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
}
