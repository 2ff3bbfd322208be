package dev.fuzzprof.acquire.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard on real processes: a JVM that holds a guard on a {@code sleep} (and a clean-up that
 * writes a file) is killed with SIGKILL, so no Java code of it runs; the sleep must then be gone
 * and the clean-up done. Takes about 1-2 s (a second JVM starts).
 */
@EnabledOnOs(OS.LINUX)
@Tag("live")
class ReleaseGuardTest {

  /** Run in a second JVM: starts sleep 60 under a guard, prints its pid, then waits. */
  public static void main(String[] args) throws Exception {
    Process sleep = new ProcessBuilder("sleep", "60").start();
    ReleaseGuard.cleanup(sleep, "echo done > \"$1\"", args[0]);
    System.out.println(sleep.pid());
    System.out.flush();
    Thread.sleep(60_000);
  }

  @Test
  void aKilledJvmsHelperIsEndedAndTheCleanUpRuns(@TempDir Path tmp) throws Exception {
    Path marker = tmp.resolve("cleaned");
    Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"),
        ReleaseGuardTest.class.getName(), marker.toString()).redirectErrorStream(true).start();
    long sleepPid;
    try (BufferedReader r = new BufferedReader(
        new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
      sleepPid = Long.parseLong(r.readLine().strip());
      assertTrue(ProcessHandle.of(sleepPid).map(ProcessHandle::isAlive).orElse(false));
      jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
      assertTrue(jvm.waitFor(10, TimeUnit.SECONDS));
    }
    long until = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < until
        && (ProcessHandle.of(sleepPid).isPresent() || !Files.exists(marker))) {
      Thread.sleep(50);
    }
    assertFalse(ProcessHandle.of(sleepPid).map(ProcessHandle::isAlive).orElse(false),
        "the helper outlived the JVM");
    assertEquals("done", Files.readString(marker).strip(), "the clean-up ran");
  }

  /** Closed after its helper ended by itself: nothing is killed, the clean-up still runs. */
  @Test
  void closingAfterTheHelperEndedOnlyCleansUp(@TempDir Path tmp) throws Exception {
    Path marker = tmp.resolve("cleaned");
    Process t = new ProcessBuilder("true").start();
    ReleaseGuard g = ReleaseGuard.cleanup(t, "echo done > \"$1\"", marker.toString());
    assertTrue(t.waitFor(10, TimeUnit.SECONDS));
    g.close(5_000);
    assertEquals("done", Files.readString(marker).strip());
    assertFalse(ProcessHandle.of(g.pid()).map(ProcessHandle::isAlive).orElse(false),
        "the guard ended");
  }
}
