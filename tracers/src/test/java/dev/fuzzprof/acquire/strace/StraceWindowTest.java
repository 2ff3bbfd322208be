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

  /**
   * strace's recorded refusal (as a plain user, of pid 1) read against fake /proc trees: a
   * same-uid target refused on a kernel with Yama is Yama's doing, and the message names the
   * scope and the sysctl; on a kernel without Yama it names no Yama setting, and another uid's
   * target is the uid's matter wherever Yama is.
   */
  @Test
  void yamaOrNotFromRecordedOutput(@TempDir Path tmp) throws Exception {
    String said;
    try (var in = StraceWindowTest.class.getResourceAsStream(
        "/privileges/strace-p-root-process-as-user.txt")) {
      said = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertTrue(said.contains("ptrace(PTRACE_SEIZE, 1): Operation not permitted"), said);
    String userStatus = "Name:\tx\nUid:\t1001\t1001\t1001\t1001\nCapPrm:\t0000000000000000\n"
        + "CapEff:\t0000000000000000\n";
    String rootStatus = "Name:\tinit\nUid:\t0\t0\t0\t0\nCapPrm:\t000001fffeffffff\n";
    for (String scope : new String[] {null, "1", "2"}) {
      Path root = Files.createDirectories(tmp.resolve("yama-" + scope));
      Files.createDirectories(root.resolve("proc/1"));
      Files.writeString(root.resolve("proc/1/status"), userStatus); // the user's own target
      Files.createDirectories(root.resolve("proc/2"));
      Files.writeString(root.resolve("proc/2/status"), rootStatus);
      dev.fuzzprof.parse.sys.Privileges self = dev.fuzzprof.parse.sys.PrivilegesParser.parse(
          "2\n", scope, 1001, false, userStatus);
      String own = StraceWindow.permissionMessage(said, List.of(1), self, root);
      String roots = StraceWindow.permissionMessage(said.replace("SEIZE, 1)", "SEIZE, 2)"),
          List.of(2), self, root);
      assertTrue(roots.contains("uid 1001 may not ptrace a process of uid 0"), roots);
      if (scope == null) {
        assertFalse(own.toLowerCase(Locale.ROOT).contains("yama"), own);
        assertFalse(roots.toLowerCase(Locale.ROOT).contains("yama"), roots);
        assertTrue(own.contains("security module"), own);
      } else {
        assertTrue(own.contains("kernel.yama.ptrace_scope is " + scope), own);
        assertTrue(own.contains("`sysctl -w kernel.yama.ptrace_scope=0`"), own);
        assertTrue(own.contains("CAP_SYS_PTRACE"), own);
      }
    }
  }
}
