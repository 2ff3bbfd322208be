package dev.fuzzprof.acquire.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.acquire.sys.SysCpu;
import dev.fuzzprof.parse.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ProcFsTest {

  @Test
  void readsAFakeTree(@TempDir Path root) throws IOException {
    write(root, "stat", Fixtures.text("proc/proc-stat.txt"));
    write(root, "20302/stat", Fixtures.text("proc/pid-stat-afl-fuzz.txt"));
    write(root, "20302/status", Fixtures.text("proc/pid-status-afl-fuzz.txt"));
    write(root, "20302/task/20302/children", "20307 ");
    write(root, "20307/stat", Fixtures.text("proc/pid-stat-target.txt"));
    write(root, "20307/task/20307/children", "");
    Map<String, String> seen = new HashMap<>();
    ProcFs fs = new ProcFs(root).recording(seen::put);
    assertEquals(2, fs.stat().orElseThrow().perCpu().size());
    assertEquals("afl-fuzz", fs.pidStat(20302).orElseThrow().comm());
    assertEquals(List.of(0), fs.pidStatus(20302).orElseThrow().cpusAllowed());
    assertEquals(List.of(20307), fs.descendants(20302));
    assertTrue(fs.pidStat(999).isEmpty());
    assertFalse(fs.exists(999));
    assertEquals(List.of(20302, 20307), fs.pids());
    assertTrue(seen.containsKey("20302/status"));
  }

  @Test
  void childrenWithoutChildrenFiles(@TempDir Path root) throws IOException {
    write(root, "20302/stat", Fixtures.text("proc/pid-stat-afl-fuzz.txt"));
    write(root, "20307/stat", Fixtures.text("proc/pid-stat-target.txt"));
    Files.createDirectories(root.resolve("20302/task/20302"));
    assertEquals(List.of(20307), new ProcFs(root).children(20302));
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void liveInvariants() {
    ProcFs fs = ProcFs.live();
    long self = ProcessHandle.current().pid();
    var st = fs.pidStat((int) self).orElseThrow();
    assertEquals(self, st.pid());
    assertFalse(fs.pidStatus((int) self).orElseThrow().cpusAllowed().isEmpty());
    assertTrue(fs.uptime().orElseThrow() > 0);
    var topo = SysCpu.live().topology().orElseThrow();
    assertEquals(fs.stat().orElseThrow().perCpu().size(), topo.cpus().size());
    assertTrue(fs.tasks((int) self).size() > 1, "a JVM has threads");
  }

  private static void write(Path root, String rel, String text) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }
}
