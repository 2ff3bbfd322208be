package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fuzzprof.parse.libfuzzer.LibFuzzerLogParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * attach on a Jazzer campaign: Jazzer 0.24.0 (the jar tracers' fuzz tests use, from Maven
 * Central) fuzzing a Java target the test compiles. Jazzer has no LLVMFuzzerTestOneInput: the
 * uprobe goes on the callback its driver library gives libFuzzer. Ground truth: Jazzer's own log
 * (its exec/s, counted without any probe) and the process itself (alive, no probe left).
 */
@Tag("live")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JazzerLiveTest {
  static final String TARGET = """
      public class Target {
        public static void fuzzerTestOneInput(byte[] data) {
          if (data.length > 3 && data[0] == 'F' && data[1] == 'Z') {
            new String(data).hashCode();
          }
        }
      }
      """;

  @Test
  void attachCountsJazzersInputsAtTheDriversCallback(@TempDir Path t) throws Exception {
    Path repo = Path.of(System.getProperty("maven.repo.local",
        System.getProperty("user.home") + "/.m2/repository"), "com/code-intelligence");
    Path jazzer = repo.resolve("jazzer/0.24.0/jazzer-0.24.0.jar");
    Path api = repo.resolve("jazzer-api/0.24.0/jazzer-api-0.24.0.jar");
    assumeTrue(Files.exists(jazzer) && Files.exists(api), "Jazzer is not in ~/.m2");
    assumeTrue(LiveTargets.onPath("perf") && LiveTargets.onPath("javac"));
    Files.writeString(t.resolve("Target.java"), TARGET);
    Process javac = new ProcessBuilder("javac", "Target.java").directory(t.toFile())
        .redirectErrorStream(true).start();
    assertEquals(0, javac.waitFor(), new String(javac.getInputStream().readAllBytes()));
    Path log = t.resolve("jazzer.log");
    Process fuzz = new ProcessBuilder("java", "-cp", jazzer + ":" + api + ":.",
        "com.code_intelligence.jazzer.Jazzer", "--target_class=Target", "-max_total_time=60")
        .directory(t.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
      while (LibFuzzerLogParser.parse(Files.readString(log, StandardCharsets.ISO_8859_1))
          .execsPerSec() == null || LibFuzzerLogParser.parse(Files.readString(log,
              StandardCharsets.ISO_8859_1)).execsPerSec() == 0) {
        assertTrue(System.nanoTime() < deadline, "Jazzer printed no rate: "
            + Files.readString(log));
        Thread.sleep(300);
      }
      CliRun r = CliRun.of("attach", "--pid", Long.toString(fuzz.pid()), "--duration", "2s",
          "--sample-time", "500ms", "--format", "json");
      assertEquals(0, r.code(), r.err());
      JsonNode j = new ObjectMapper().readTree(r.out());
      assertEquals("libfuzzer", j.get("mode").asText());
      assertEquals("jazzer", j.get("engine").asText());
      assertTrue(j.get("countedBy").asText().contains("testOneInput"), r.out());
      assertEquals(log.toString(), j.get("log").asText());
      double counted = j.get("execsPerSec").asDouble();
      double logged = j.get("logExecsPerSec").asDouble();
      System.out.printf("Jazzer attach: %.0f inputs/s under the uprobe (cost %.0f%%), its log"
          + " %.0f exec/s%n", counted, j.get("observerCostPercent").asDouble(), logged);
      // a probe only slows the target: the count is real (not 0) and not above the unprobed
      // rate by more than the log's whole-second steps
      assertTrue(counted > 0.05 * logged && counted < 1.3 * logged,
          counted + " counted vs the log's " + logged);
      if (j.get("observerCostPercent").asDouble() >= 25) {
        assertTrue(j.get("missing").toString().contains("the uprobe cost"), r.out());
      }
      assertTrue(fuzz.isAlive(), "Jazzer must keep running");
      String probes = new String(new ProcessBuilder("perf", "probe", "-l").start()
          .getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertFalse(probes.contains("fuzzprof:"), "fuzzprof left its uprobe: " + probes);
    } finally {
      fuzz.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
