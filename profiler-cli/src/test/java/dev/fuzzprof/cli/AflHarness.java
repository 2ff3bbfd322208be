package dev.fuzzprof.cli;


import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** The AFL++ persistent, shared-memory harness of targets/ and the afl-fuzz instances that fuzz it. */
final class AflHarness {
  private AflHarness() {}

  /** Skips the test unless afl-fuzz, afl-clang-fast and taskset are installed. */
  static void assumeTools() {
    for (String tool : List.of("afl-fuzz", "afl-clang-fast", "taskset")) {
      Assumptions.assumeTrue(onPath(tool), tool + " is not installed");
    }
  }

  /**
   * {@code dir/h}: targets/afl_harness.c in its persistent shared-memory build (afl_shmem, made
   * by targets/Makefile), and a one-file seed corpus {@code dir/in}.
   */
  static void build(Path dir) throws Exception {
    Files.copy(Targets.builtAfl("afl_shmem"), dir.resolve("h"));
    Files.createDirectories(dir.resolve("in"));
    Files.copy(Repo.root().resolve("targets/input.bin"), dir.resolve("in/seed"));
  }

  /**
   * One afl-fuzz instance ({@code -M main} or {@code -S name}) pinned with taskset to {@code cpu}
   * and told not to bind itself (AFL_NO_AFFINITY), the seed post's recipe; output appended to log.
   */
  static ProcessBuilder instance(Path dir, Path sync, int cpu, String flag, String name, Path log) {
    ProcessBuilder pb = new ProcessBuilder("taskset", "-c", Integer.toString(cpu), "afl-fuzz",
        "-i", "in", "-o", sync.toString(), flag, name, "--", "./h").directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("LC_ALL", "C");
    pb.environment().put("AFL_NO_AFFINITY", "1");
    pb.environment().put("AFL_SKIP_CPUFREQ", "1");
    pb.environment().put("AFL_NO_UI", "1");
    pb.environment().put("AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "1");
    return pb;
  }

  /** Stops the instances and their targets, forcibly when they do not stop within 5 s. */
  static void stop(List<Process> fuzzers) throws InterruptedException {
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

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
