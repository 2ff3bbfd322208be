package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fuzzprof flame} on the native persistent reference target, with the real perf: the
 * file I/O and the SIGSTOP handshake show up as kernel paths, and the target keeps running.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@Tag("live")
class FlameNativeTest {
  static final Set<String> FILE_IO = Set.of("do_sys_openat2", "do_filp_open", "path_openat",
      "__x64_sys_openat", "ksys_read", "vfs_read", "__x64_sys_close", "__fput");
  static final Set<String> HANDSHAKE = Set.of("do_signal_stop", "get_signal",
      "arch_do_signal_or_restart", "exit_to_user_mode_loop", "__x64_sys_tgkill",
      "do_send_specific", "do_notify_parent_cldstop");

  @Test
  void persistentChildShowsFileIoAndHandshakeAndKeepsRunning(@TempDir Path tmp) throws Exception {
    FlameTargets.assumePerfWorks();
    Path driver = FlameTargets.persistentDriver();
    Process p = new ProcessBuilder(driver.toString(), "-c", "0", "-d", "30")
        .redirectError(tmp.resolve("driver.err").toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      long child = FlameTargets.waitForChild(p.pid());
      Path html = tmp.resolve("f.html");
      CliRun r = CliRun.of("flame", "--pid", Long.toString(child), "--duration", "2s",
          "--format", "json", "--out", html.toString());
      assertEquals(0, r.code(), r.err());
      JsonNode j = FlameTargets.json(r.out());
      assertEquals("perf", j.get("mode").asText());
      assertTrue(j.get("samples").asLong() > 100, r.out());
      assertTrue(j.get("kernelPercent").asDouble() > 0, r.out());
      assertEquals(100.0, j.get("userPercent").asDouble() + j.get("kernelPercent").asDouble(), 0.11);
      List<String> top = FlameTargets.frames(j.get("topKernelFrames"));
      assertTrue(top.stream().anyMatch(FILE_IO::contains), "no file I/O path in " + top);
      assertTrue(top.stream().anyMatch(HANDSHAKE::contains), "no signal/handshake path in " + top);
      assertFalse(top.contains("entry_SYSCALL_64_after_hwframe"), top.toString());
      List<String> syscalls = FlameTargets.frames(j.get("syscalls"));
      assertTrue(syscalls.contains("openat"), syscalls.toString());
      assertFalse(j.get("partial").asBoolean());
      assertEquals(html.toString(), j.get("output").asText());
      assertTrue(Files.size(html) > 1000);
      String collapsed = Files.readString(tmp.resolve("f.collapsed"));
      assertTrue(collapsed.contains("do_sys_openat2_[k]"), "collapsed stacks lack the open path");

      // Still running its cases, not stopped for good.
      assertTrue(p.isAlive(), "the driver died");
      long before = FlameTargets.readSyscalls(child);
      boolean sawRunning = false;
      for (int i = 0; i < 50 && !sawRunning; i++) {
        sawRunning = FlameTargets.state(child).orElse("gone").startsWith("R");
        Thread.sleep(10);
      }
      Thread.sleep(300);
      long after = FlameTargets.readSyscalls(child);
      assertTrue(sawRunning, "the child never showed state R: " + FlameTargets.state(child));
      assertTrue(after > before + 100, "the child made no progress: " + before + " -> " + after);
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void launchesACommandUnderPerf(@TempDir Path tmp) throws Exception {
    FlameTargets.assumePerfWorks();
    Path driver = FlameTargets.persistentDriver();
    CliRun r = CliRun.of("flame", "--duration", "10s", "--format", "json", "--out",
        tmp.resolve("l.html").toString(), "--", driver.toString(), "-c", "0", "-d", "1");
    assertEquals(0, r.code(), r.err());
    JsonNode j = FlameTargets.json(r.out());
    assertTrue(j.get("pid").isNull());
    assertTrue(j.get("samples").asLong() > 100, r.out());
    assertTrue(j.get("kernelPercent").asDouble() > 0);
    assertTrue(Files.exists(tmp.resolve("l.collapsed")));
  }

  @Test
  void noSuchProcessIsADataError() {
    CliRun r = CliRun.of("flame", "--pid", "999999999", "--duration", "1s");
    assertEquals(Exits.DATA, r.code());
    assertTrue(r.oneCleanErrorLine(), r.err());
    assertTrue(r.err().contains("no process 999999999"), r.err());
  }

  /**
   * An in-process fuzzer (libFuzzer on the libjpeg harness) spends nearly all its time in user
   * code. Ground truth: the process's own utime and stime over the same window, from
   * /proc/PID/stat; the sampled user share must be within 5 points of it.
   */
  @Test
  void libFuzzerTargetIsUserBoundWithItsLibraries(@TempDir Path tmp) throws Exception {
    FlameTargets.assumePerfWorks();
    Path bin = Targets.builtLibFuzzer("libfuzzer_libjpeg");
    Path corpus = Files.createDirectories(tmp.resolve("corpus"));
    Files.copy(Targets.builtLibFuzzer("libjpeg_seed.jpg"), corpus.resolve("seed.jpg"));
    Process p = new ProcessBuilder("taskset", "-c", "1", bin.toString(), "-max_total_time=40",
        corpus.toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("lf.log").toFile())
        .start();
    try {
      Thread.sleep(1500); // past the corpus load
      long[] before = FlameTargets.userSystemTicks(p.pid());
      CliRun r = CliRun.of("flame", "--pid", Long.toString(p.pid()), "--duration", "3s",
          "--format", "json", "--out", tmp.resolve("lf.html").toString());
      long[] after = FlameTargets.userSystemTicks(p.pid());
      assertEquals(0, r.code(), r.err());
      JsonNode j = FlameTargets.json(r.out());
      double user = after[0] - before[0];
      double sys = after[1] - before[1];
      double truth = 100 * user / (user + sys);
      double sampled = j.get("userPercent").asDouble();
      assertTrue(Math.abs(sampled - truth) <= 5, "sampled user " + sampled + "% vs /proc "
          + truth + "%");
      assertTrue(sampled >= 80, r.out());
      assertTrue(j.get("findings").toString().contains("\"user-bound\""), r.out());
      assertFalse(j.get("findings").toString().contains("kernel-heavy-profile"), r.out());
      List<String> libs = new java.util.ArrayList<>();
      j.get("userLibraries").forEach(l -> libs.add(l.get("library").asText()));
      assertTrue(libs.stream().anyMatch(l -> l.startsWith("libjpeg.so")), libs.toString());
      assertTrue(libs.contains("libfuzzer_libjpeg"), libs.toString());
      JsonNode top = j.get("topUserFrames");
      assertTrue(top.size() > 0 && top.get(0).get("percent").asDouble() > 5, r.out());
      CliRun text = CliRun.of("flame", "--pid", Long.toString(p.pid()), "--duration", "1s",
          "--out", tmp.resolve("lf2.html").toString());
      assertTrue(text.out().contains("Hottest user functions"), text.out());
      if (j.get("kernelPercent").asDouble() < 1.0) {
        assertFalse(text.out().contains("Hottest kernel frames"), text.out());
      }
    } finally {
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void badCommandLines() {
    assertEquals(Exits.USAGE, CliRun.of("flame").code());
    assertEquals(Exits.USAGE, CliRun.of("flame", "--pid", "1", "--", "true").code());
    CliRun r = CliRun.of("flame", "--pid", "1", "--duration", "soon");
    assertEquals(Exits.USAGE, r.code());
    assertTrue(r.err().contains("'--duration'") && r.err().contains("'soon' is not a time"),
        r.err());
    assertTrue(r.oneCleanErrorLine(), r.err());
  }
}
