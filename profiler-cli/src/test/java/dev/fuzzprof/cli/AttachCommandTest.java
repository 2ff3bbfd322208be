package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fuzzprof.render.Json;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
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

  /**
   * What fuzzprof says it cost itself, against GNU time's user+sys of the same run (attach as a
   * JVM of its own, so that /proc/self is fuzzprof alone). The figure is taken when the report
   * is made, so what comes after it is missing: rendering the JSON (Jackson's first use, classes
   * loaded and compiled) and the JVM's exit. That was 0.46 s of 2.63 here (load 10, no CDS
   * archive), hence the tolerance: fuzzprof's figure within 0.7 s or 25% below time's, never above
   * it by more than the ticks' rounding (10 ms per thread: 0.1 s).
   */
  @Test
  void observerCpuSecondsMatchTimeOfTheSameRun() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/time")), "GNU time is not installed");
    try (var t = LiveTargets.start(persistent, 0, 0, true)) {
      Path timing = dir.resolve("attach.time");
      Process p = new ProcessBuilder("/usr/bin/time", "-f", "%U %S %e", "-o", timing.toString(),
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          Main.class.getName(), "attach", "--pid", Integer.toString(t.child()),
          "--duration", "2s", "--format", "json").redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), out);
      String[] tm = Files.readString(timing).strip().split("\\s+");
      double truth = Double.parseDouble(tm[0]) + Double.parseDouble(tm[1]);
      double wall = Double.parseDouble(tm[2]);
      JsonNode j = Json.mapper().readTree(out);
      double cpu = j.get("observerCpuSeconds").asDouble();
      double seconds = j.get("observerSeconds").asDouble();
      assertTrue(cpu > 0, out);
      assertTrue(cpu <= truth + 0.1 && cpu >= truth - Math.max(0.7, 0.25 * truth),
          "fuzzprof said " + cpu + " CPU s, time said " + truth);
      assertTrue(seconds <= wall + 0.05 && seconds >= 2, "wall " + seconds + " of " + wall);
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
