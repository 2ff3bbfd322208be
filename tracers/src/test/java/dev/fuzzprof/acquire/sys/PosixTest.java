package dev.fuzzprof.acquire.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Live: each figure against what the system itself says (getconf, id, /proc/PID/status). */
@EnabledOnOs(OS.LINUX)
class PosixTest {

  @Test
  void callsGoToTheCLibrary() {
    assertTrue(Posix.isNative(), "jnr-posix fell back to Java: the other tests would prove nothing");
  }

  @Test
  void clockTicksAsGetconfSays() throws Exception {
    long getconf = Long.parseLong(run("getconf", "CLK_TCK"));
    // sysconf itself, not the fallback of 100 (which equals USER_HZ on most machines)
    assertEquals(getconf, Posix.sysconfClockTicks().orElse(-1));
    assertEquals(getconf, Posix.clockTicks());
  }

  @Test
  void euidAsIdSays() throws Exception {
    assertEquals(Integer.parseInt(run("id", "-u")), Posix.euid());
  }

  @Test
  void ownProcessExists() {
    assertTrue(Posix.kill(ProcessHandle.current().pid(), 0));
  }

  @Test
  void reapedChildIsGone() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertEquals(0, p.waitFor());
    assertFalse(Posix.kill(p.pid(), 0));
  }

  @Test
  void neverAProcessGroupOrEveryone() {
    assertFalse(Posix.kill(0, 0));
    assertFalse(Posix.kill(-1, 0));
    assertFalse(Posix.kill(ProcessHandle.current().pid(), -1));
  }

  @Test
  void stopContinueAndTerminateAChild() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "30").start();
    try {
      long pid = sleep.pid();
      assertEquals('S', awaitState(pid, 'S'));
      assertTrue(Posix.kill(pid, Posix.SIGSTOP));
      assertEquals('T', awaitState(pid, 'T'));
      assertTrue(Posix.kill(pid, Posix.SIGCONT));
      assertEquals('S', awaitState(pid, 'S'));
      assertTrue(Posix.kill(pid, Posix.SIGTERM));
      assertTrue(sleep.waitFor(5, TimeUnit.SECONDS));
      assertEquals(128 + 15, sleep.exitValue());
    } finally {
      sleep.destroyForcibly();
    }
  }

  /** The State letter of /proc/PID/status once it is {@code want}, or the last one seen. */
  private static char awaitState(long pid, char want) throws Exception {
    char last = '?';
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("State:")) {
          last = line.substring("State:".length()).strip().charAt(0);
        }
      }
      if (last == want) {
        return last;
      }
      Thread.sleep(10);
    }
    return last;
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor(), out);
    return out;
  }
}
