package dev.fuzzprof.acquire.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.acquire.proc.ProcFs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PerfRecorderTest {

  @Test
  void procFsAnswersWhatProfilersAsk(@TempDir Path proc) throws Exception {
    Files.createDirectories(proc.resolve("10/task/10"));
    Files.createDirectories(proc.resolve("11/task/11"));
    Files.writeString(proc.resolve("10/task/10/children"), "11 ");
    Files.writeString(proc.resolve("11/task/11/children"), "");
    Files.writeString(proc.resolve("11/status"), "Name:\tx\nState:\tT (stopped)\n");
    Files.writeString(proc.resolve("11/maps"),
        "7f00-7f10 r-xp 00000000 08:01 1 /usr/lib/jvm/java-17/lib/server/libjvm.so\n");
    Files.writeString(proc.resolve("10/status"), "Name:\tx\nState:\tZ (zombie)\n");
    ProcFs t = new ProcFs(proc);
    assertEquals(List.of(10, 11), t.withDescendants(10));
    assertTrue(t.running(11), "a stopped process runs");
    assertTrue(!t.running(10), "a zombie does not");
    assertTrue(t.isJvm(11));
    assertTrue(!t.isJvm(10) && !t.exists(12));
  }
}
