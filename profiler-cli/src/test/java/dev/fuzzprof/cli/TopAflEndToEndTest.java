package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real AFL++ instances bound to CPU 0 (AFL_NO_AFFINITY plus taskset, the seed's collision):
 * {@code fuzzprof top} finds them, with and without their output directory, and says they
 * collide. Needs afl-fuzz, afl-clang-fast and taskset; skipped otherwise.
 */
@Tag("afl")
class TopAflEndToEndTest {
  static final String HARNESS = """
      #include <stdio.h>
      __AFL_FUZZ_INIT();
      int main(void) {
        __AFL_INIT();
        unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
        while (__AFL_LOOP(100000)) {
          int len = __AFL_FUZZ_TESTCASE_LEN;
          if (len > 2 && buf[0] == 'F' && buf[1] == 'Z' && buf[2] == '!') puts("found");
        }
        return 0;
      }
      """;

  @Test
  void twoInstancesOnCpu0Collide(@TempDir Path t) throws Exception {
    for (String tool : List.of("afl-fuzz", "afl-clang-fast", "taskset")) {
      Assumptions.assumeTrue(onPath(tool), tool + " is not installed");
    }
    Files.writeString(t.resolve("h.c"), HARNESS);
    Process cc = new ProcessBuilder("afl-clang-fast", "-O1", "-o", "h", "h.c").directory(t.toFile())
        .redirectErrorStream(true).redirectOutput(t.resolve("cc.log").toFile()).start();
    assertTrue(cc.waitFor(120, TimeUnit.SECONDS) && cc.exitValue() == 0,
        "afl-clang-fast failed: " + Files.readString(t.resolve("cc.log")));
    Files.createDirectories(t.resolve("in"));
    Files.writeString(t.resolve("in/seed"), "hello");
    Path sync = t.resolve("sync");
    List<Process> fuzzers = new ArrayList<>();
    try {
      fuzzers.add(afl(t, "-M", "main").start());
      fuzzers.add(afl(t, "-S", "s1").start());
      // afl-fuzz makes the instance folders after its own start-up checks, which take longer
      // on a loaded machine
      long end = System.currentTimeMillis() + 90_000;
      while (System.currentTimeMillis() < end && !(Files.isDirectory(sync.resolve("main/queue"))
          && Files.isDirectory(sync.resolve("s1/queue")))) {
        Thread.sleep(250);
      }
      Thread.sleep(3000); // calibration, and the first fuzzer_stats
      for (Process p : fuzzers) {
        assertTrue(p.isAlive(), "afl-fuzz stopped: " + Files.readString(t.resolve("afl.log")));
      }
      CliRun withDir = CliRun.of("top", "--plain", "--iterations", "3", "--interval", "1s",
          sync.toString());
      assertEquals(0, withDir.code(), withDir.err());
      boolean collided = check(withDir.out(), fuzzers);

      CliRun found = CliRun.of("top", "--plain", "--iterations", "3", "--interval", "1s");
      assertEquals(0, found.code(), found.err());
      collided &= check(found.out(), fuzzers);
      // a shared machine can starve CPU 0 (other work pinned there): then neither instance runs
      // or waits measurably and there is nothing busy to collide; the rows are still checked
      Assumptions.assumeTrue(collided, "CPU 0 was starved by other work; collision not asserted");
    } finally {
      for (Process p : fuzzers) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroy();
      }
      for (Process p : fuzzers) {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
    }
  }

  /**
   * Both instances have rows bound to CPU 0; returns whether some snapshot said they collide,
   * and fails when it did not although both used or waited for a fair share of the CPU.
   */
  private static boolean check(String out, List<Process> fuzzers) {
    for (Process p : fuzzers) {
      List<String[]> rows = out.lines().map(String::strip).map(l -> l.split("\\s+"))
          .filter(f -> f.length >= 9 && f[1].equals(Long.toString(p.pid()))).toList();
      assertTrue(!rows.isEmpty(), "no row for afl-fuzz " + p.pid() + ":\n" + out);
      for (String[] f : rows) {
        assertEquals("0", f[6], "bound CPU of " + p.pid() + ":\n" + out);
      }
    }
    if (out.contains("collision: CPU 0 runs")) {
      return true;
    }
    boolean starved = out.lines().map(String::strip).map(l -> l.split("\\s+"))
        .filter(f -> f.length >= 9 && fuzzers.stream().anyMatch(p -> f[1].equals("" + p.pid())))
        .anyMatch(f -> f[4].equals("0.0") || f[4].matches("1?\\d\\.\\d"));
    assertTrue(starved, "both instances ran on CPU 0 but no collision was reported:\n" + out);
    return false;
  }

  private static ProcessBuilder afl(Path t, String role, String name) {
    ProcessBuilder pb = new ProcessBuilder("taskset", "-c", "0", "afl-fuzz", "-i", "in", "-o",
        "sync", role, name, "--", "./h").directory(t.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(t.resolve("afl.log").toFile()));
    pb.environment().put("AFL_NO_AFFINITY", "1");
    pb.environment().put("AFL_SKIP_CPUFREQ", "1");
    pb.environment().put("AFL_NO_UI", "1");
    pb.environment().put("AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "1");
    return pb;
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
