package dev.fuzzprof.acquire.strace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.parse.proc.PidStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@EnabledOnOs(OS.LINUX)
@Tag("live")
class StraceWindowTest {

  /** The window, now signalling with kill(2), still ends strace and leaves the target running. */
  @Test
  void endsAndLeavesTheTargetRunning(@TempDir Path tmp) throws Exception {
    assumeTrue(StraceWindow.onPath("strace"), "strace");
    Process sleep = new ProcessBuilder("sleep", "30").start();
    try {
      int pid = (int) sleep.pid();
      StraceWindow.Result r = StraceWindow.run(List.of(pid), 1_000_000, 0.5, tmp.resolve("t"));
      assertFalse(r.killed(), "strace had to be killed: SIGINT and SIGTERM did not reach it");
      assertTrue(r.seconds() >= 0.5 && r.seconds() < 5, "window of " + r.seconds() + " s");
      assertTrue(Files.exists(r.trace()));
      PidStatus st = ProcFs.live().pidStatus(pid).orElseThrow();
      assertEquals(0, st.tracerPid(), "still traced");
      assertTrue(st.state().startsWith("S"), st.state());
    } finally {
      sleep.destroyForcibly();
    }
  }

  @Test
  void permissionMessageNamesTheRefusedProcess() {
    long self = ProcessHandle.current().pid();
    String said = "strace: attach: ptrace(PTRACE_SEIZE, " + self + "): Operation not permitted\n";
    String m = StraceWindow.permissionMessage(said, List.of(1, (int) self));
    assertTrue(m.startsWith("strace may not attach to process " + self + ": "), m);
    assertFalse(m.contains(", 1"), m);
    if (!Files.exists(Path.of("/proc/sys/kernel/yama/ptrace_scope"))) {
      assertFalse(m.toLowerCase(Locale.ROOT).contains("yama"), m);
    }
    String all = StraceWindow.permissionMessage("Operation not permitted", List.of(1, 2));
    assertTrue(all.startsWith("strace may not attach to processes 1, 2: "), all);
  }
}
