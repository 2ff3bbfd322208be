package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scaling-report on recorded libFuzzer logs (tracers' fixtures, real clang 14 runs). */
class LibFuzzerOfflineTest {
  static final Path LOGS = Repo.root().resolve("tracers/src/test/resources/libfuzzer");

  @Test
  void aFinishedJobsFolder() throws Exception {
    CliRun r = CliRun.of("scaling-report", LOGS.resolve("jobs").toString(), "--format", "json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(2, j.get("instances").size());
    JsonNode f0 = j.get("instances").get(0);
    assertEquals("fuzz-0", f0.get("name").asText());
    assertEquals("done", f0.get("status").asText()); // its log: "run interrupted"
    assertEquals(14_792.0, f0.get("execsPerSec").asDouble()); // tail -2 of fuzz-0.log
    assertEquals(162_719, f0.get("execsDone").asLong());
    assertEquals(8, f0.get("coverage").asLong());
    assertEquals(19, f0.get("features").asLong());
    assertEquals(12, f0.get("corpusCount").asLong());
    CliRun text = CliRun.of("scaling-report", LOGS.resolve("jobs").toString());
    assertTrue(text.out().contains("libfuzzer") && text.out().contains(" cov "), text.out());
  }

  @Test
  void oneLogFileAndItsDoneLine() throws Exception {
    CliRun r = CliRun.of("scaling-report", LOGS.resolve("done.log").toString(), "--format",
        "json");
    assertEquals(0, r.code(), r.err());
    JsonNode i = new ObjectMapper().readTree(r.out()).get("instances").get(0);
    assertEquals(200_000 / 82.0, i.get("execsPerSec").asDouble(), 0.05); // Done 200000 in 82 s
    assertEquals(82, i.get("execsSeconds").asDouble(), 1e-9);
  }

  @Test
  void aCrashIsSaidAndAFileThatIsNoLogIsRefused(@TempDir Path t) throws Exception {
    CliRun r = CliRun.of("scaling-report", LOGS.resolve("crash.log").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("crashed: ERROR: UndefinedBehaviorSanitizer: SEGV"), r.out());
    Path notes = Files.writeString(t.resolve("notes.txt"), "hello\n");
    CliRun bad = CliRun.of("scaling-report", notes.toString());
    assertEquals(1, bad.code());
    assertTrue(bad.oneCleanErrorLine() && bad.err().contains("not a libFuzzer log"), bad.err());
  }
}
