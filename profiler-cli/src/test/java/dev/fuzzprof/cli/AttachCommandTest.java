package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fuzzprof.render.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fuzzprof attach on real processes: accuracy, modes, bad input. Needs gcc, perf, strace. */
@Tag("live")
class AttachCommandTest {
  @TempDir static Path dir;
  static Path persistent;
  static Path forkserver;

  @BeforeAll
  static void build() throws Exception {
    LiveTargets.assumeTools("gcc", "perf", "strace", "taskset");
    persistent = LiveTargets.compile(dir, "live_persistent");
    forkserver = LiveTargets.compile(dir, "live_forkserver");
  }

  private static JsonNode attachJson(int pid, String... more) throws Exception {
    String[] args = new String[4 + more.length + 2];
    args[0] = "attach";
    args[1] = "--pid";
    args[2] = Integer.toString(pid);
    args[3] = "--format=json";
    System.arraycopy(more, 0, args, 4, more.length);
    args[args.length - 2] = "--duration";
    args[args.length - 1] = "2s";
    LiveTargets.Run r = LiveTargets.fuzzprof(args);
    assertEquals(0, r.code(), r.err());
    return Json.mapper().readTree(r.out());
  }

  @Test
  void persistentChildSixSyscallsPerCase() throws Exception {
    try (var t = LiveTargets.start(persistent, 0, 0, true)) {
      JsonNode j = attachJson(t.child());
      assertEquals("persistent", j.get("mode").asText());
      assertEquals(6.0, j.get("syscallsPerCase").asDouble(), 0.1, j.toPrettyString());
      assertTrue(j.get("execsPerSec").asDouble() > 100);
      for (String key : new String[] {"pid", "perSyscall", "kernelPercent", "userPercent",
          "perCore", "processes", "observerSlowdown", "findings", "partial"}) {
        assertTrue(j.has(key), key);
      }
      JsonNode core = j.get("perCore").get(0);
      // the per-core keys of every command (scaling-report, top, attach)
      assertEquals(List.of("cpu", "userPercent", "systemPercent", "idlePercent", "stealPercent"),
          fieldNames(core));
      assertFalse(j.get("window").isNull(), "strace sample");
      assertEquals("openat read close gettid getpid tgkill",
          String.join(" ", Json.mapper().convertValue(j.get("window").get("signature"),
              String[].class)));
      assertTrue(j.get("observerSlowdown").asDouble() > 1.5, "strace slows the target");
      assertTrue(j.toString().contains("\"file-input\""));
      assertEquals("0", LiveTargets.status(t.child(), "TracerPid"));
    }
  }

  @Test
  void persistentDriverPidFindsTheChild() throws Exception {
    try (var t = LiveTargets.start(persistent, 0, 0, true)) {
      JsonNode j = attachJson(t.driver(), "--no-trace");
      assertEquals("persistent", j.get("mode").asText());
      assertEquals(6.0, j.get("syscallsPerCase").asDouble(), 0.1, j.toPrettyString());
      assertTrue(j.get("window").isNull());
      assertTrue(j.get("observerSlowdown").isNull());
      assertTrue(j.get("processes").toString().contains("\"forkserver\""));
      assertTrue(j.get("processes").toString().contains("\"target\""));
    }
  }

  @Test
  void forkPerCaseTargetIsForkserverMode() throws Exception {
    try (var t = LiveTargets.start(forkserver, 1, 0, false)) {
      JsonNode j = attachJson(t.driver());
      assertEquals("forkserver", j.get("mode").asText(), j.toPrettyString());
      // fork server: clone + wait4; child: set_robust_list, openat, read, close, exit_group
      assertEquals(7.0, j.get("syscallsPerCase").asDouble(), 0.1, j.toPrettyString());
      assertTrue(j.toString().contains("\"not-persistent\""));
      assertEquals("0", LiveTargets.status(t.driver(), "TracerPid"));
    }
  }

  @Test
  void noSuchPidIsOneLineAndExitOne() {
    LiveTargets.Run r = LiveTargets.fuzzprof("attach", "--pid", "999999999", "--duration", "1s");
    assertEquals(Exits.DATA, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("no process with pid 999999999"), r.err());
  }

  @Test
  void targetExitingMidWindowGivesPartialReport() throws Exception {
    try (var t = LiveTargets.start(persistent, 0, 1.0, true)) {
      JsonNode j = attachJson(t.child());
      assertTrue(j.get("partial").asBoolean(), j.toPrettyString());
      assertNotNull(j.get("missing"));
      assertTrue(j.get("missing").toString().contains("exited"), j.toPrettyString());
    }
  }

  static List<String> fieldNames(JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
