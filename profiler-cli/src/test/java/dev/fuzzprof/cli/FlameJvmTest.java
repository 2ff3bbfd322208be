package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fuzzprof.acquire.profile.AsyncProfilerRunner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code fuzzprof flame} on a JVM that opens, reads and closes a file in a loop: async-profiler. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@Tag("live")
class FlameJvmTest {

  @Test
  void kernelFramesUnderTheFileCalls(@TempDir Path tmp) throws Exception {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Linux only");
    assumeTrue(AsyncProfilerRunner.supported(), "async-profiler has no build for this platform");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path classes = Path.of(FileLoopTarget.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Process p = new ProcessBuilder(java.toString(), "-cp", classes.toString(),
        FileLoopTarget.class.getName(), "30")
        .redirectError(tmp.resolve("loop.err").toFile()).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
      assertEquals("ready", out.readLine());
      Path html = tmp.resolve("j.html");
      CliRun r = CliRun.of("flame", "--pid", Long.toString(p.pid()), "--duration", "2s",
          "--format", "json", "--out", html.toString());
      assertEquals(0, r.code(), r.err());
      JsonNode j = FlameTargets.json(r.out());
      assertEquals("async-profiler", j.get("mode").asText());
      assertTrue(j.get("samples").asLong() > 50, r.out());
      assertTrue(j.get("kernelPercent").asDouble() > 10, r.out());
      List<String> top = FlameTargets.frames(j.get("topKernelFrames"));
      assertTrue(top.contains("do_sys_openat2") || top.contains("path_openat"), top.toString());
      assertTrue(FlameTargets.frames(j.get("syscalls")).contains("openat"), r.out());
      // Kernel frames sit under the Java file calls in the same stacks.
      List<String> lines = Files.readAllLines(tmp.resolve("j.collapsed"));
      assertTrue(lines.stream().anyMatch(l -> l.contains("java/io/FileInputStream")
          && l.indexOf("_[k]") > l.indexOf("java/io/FileInputStream")
          && l.contains("do_sys_openat2_[k]")), "no FileInputStream -> do_sys_openat2 stack");
      assertTrue(p.isAlive(), "the JVM died under the profiler");
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
