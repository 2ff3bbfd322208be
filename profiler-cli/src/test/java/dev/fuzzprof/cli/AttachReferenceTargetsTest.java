package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fuzzprof.render.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * attach on the repository's reference targets (targets/, see targets/README.md for the
 * per-case sequences counted with strace) and on a real AFL++ campaign.
 */
@Tag("live")
class AttachReferenceTargetsTest {
  @TempDir Path dir;

  private static Path build(String name) throws Exception {
    return Targets.built(name);
  }

  /** Starts a driver with -c CPU and returns it with its (single) child's pid. */
  private static int childOf(Process driver) throws Exception {
    for (int i = 0; i < 200; i++) {
      Path children = Path.of("/proc/" + driver.pid() + "/task/" + driver.pid() + "/children");
      String text = Files.exists(children) ? Files.readString(children).strip() : "";
      if (!text.isEmpty()) {
        return Integer.parseInt(text.split("\\s+")[0]);
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("the driver has no child");
  }

  private JsonNode attach(long pid, String... more) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("attach", "--pid", Long.toString(pid),
        "--duration", "2s", "--format", "json"));
    args.addAll(List.of(more));
    LiveTargets.Run r = LiveTargets.fuzzprof(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    return Json.mapper().readTree(r.out());
  }

  private Process driver(Path bin, String... more) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(bin.toString(), "-c", "0"));
    cmd.addAll(List.of(more));
    cmd.add(Repo.root().resolve("targets/input.bin").toString());
    return new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static void stop(Process p) throws Exception {
    p.destroy();
    if (!p.waitFor(3, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
  }

  @Test
  void persistentDriverSixPerCaseFromChildAndDriver() throws Exception {
    LiveTargets.assumeTools("gcc", "perf", "strace");
    Process d = driver(build("persistent_driver"));
    try {
      int child = childOf(d);
      for (long pid : new long[] {child, d.pid()}) {
        JsonNode j = attach(pid, "--no-trace");
        assertEquals("persistent", j.get("mode").asText());
        assertEquals(6.0, j.get("syscallsPerCase").asDouble(), 0.1, j.toPrettyString());
      }
    } finally {
      stop(d);
    }
  }

  @Test
  void stacksAddTheKernelPathsOfTheHandshakeAndTheFileInput() throws Exception {
    LiveTargets.assumeTools("gcc", "perf", "strace");
    Process d = driver(build("persistent_driver"));
    try {
      JsonNode j = attach(childOf(d), "--no-trace", "--stacks");
      assertEquals(6.0, j.get("syscallsPerCase").asDouble(), 0.1, j.toPrettyString());
      List<String> paths = new java.util.ArrayList<>();
      j.get("kernelPaths").forEach(p -> paths.add(p.get("path").toString()));
      assertTrue(paths.stream().anyMatch(p -> p.contains("do_signal_stop")), paths.toString());
      assertTrue(paths.stream().anyMatch(p -> p.contains("openat")), paths.toString());
      assertTrue(d.isAlive(), "the driver died while profiled");
    } finally {
      stop(d);
    }
  }

  @Test
  void oldGlibcRaiseEightPerCaseAndShmemThreeWithoutFileInput() throws Exception {
    LiveTargets.assumeTools("gcc", "perf", "strace");
    Process d = driver(build("persistent_driver"), "-m");
    try {
      JsonNode j = attach(childOf(d), "--no-trace");
      assertEquals(8.0, j.get("syscallsPerCase").asDouble(), 0.1, j.toPrettyString());
    } finally {
      stop(d);
    }
    Process s = driver(build("shmem_driver"));
    try {
      JsonNode j = attach(childOf(s));
      assertEquals(3.0, j.get("syscallsPerCase").asDouble(), 0.1, j.toPrettyString());
      assertFalse(j.get("findings").toString().contains("\"file-input\""), j.toPrettyString());
    } finally {
      stop(s);
    }
  }

  @Test
  void realAflCampaignFromTheAflFuzzPid() throws Exception {
    LiveTargets.assumeTools("gcc", "perf", "strace", "afl-clang-fast", "afl-fuzz");
    Path bin = Targets.builtAfl("afl_persistent_file");
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.copy(Repo.root().resolve("targets/input.bin"), in.resolve("seed"));
    ProcessBuilder pb = new ProcessBuilder("afl-fuzz", "-i", in.toString(), "-o",
        dir.resolve("out").toString(), "-b", "0", "--", bin.toString(), "@@")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("AFL_NO_UI", "1");
    pb.environment().put("AFL_SKIP_CPUFREQ", "1");
    pb.environment().put("AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "1");
    Process afl = pb.start();
    try {
      Path stats = dir.resolve("out/default/fuzzer_stats");
      for (int i = 0; i < 300 && !Files.exists(stats); i++) {
        assertTrue(afl.isAlive(), "afl-fuzz ended");
        Thread.sleep(100);
      }
      assumeTrue(Files.exists(stats), "afl-fuzz did not start");
      Thread.sleep(1000);
      JsonNode j = attach(afl.pid());
      assertEquals("persistent", j.get("mode").asText(), j.toPrettyString());
      assertTrue(j.get("processes").toString().contains("\"fuzzer\""), j.toPrettyString());
      // the child: openat(.cur_input), read, close, gettid, getpid, tgkill
      assertEquals(6.0, j.get("syscallsPerCase").asDouble(), 0.5, j.toPrettyString());
      assertTrue(j.get("findings").toString().contains("\"file-input\""), j.toPrettyString());
    } finally {
      stop(afl);
    }
  }
}
