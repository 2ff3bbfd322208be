package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fuzzprof launch on real AFL++ and libFuzzer, run as a separate JVM: each instance on a CPU of
 * its own (checked in /proc/PID/status), a SIGKILLed instance restarted under its name, and
 * nothing left running after --duration, SIGTERM or a SIGKILL of fuzzprof itself. "Nothing
 * left" is checked by this test's own scan of every /proc/PID/environ for the launch's mark and
 * of every command line for the output dir. Passes with every CPU busy (the shared campaign of
 * the other live tests may hold both CPUs: launch then shares them, which the test allows).
 */
@Tag("live")
class LaunchLiveTest {
  @TempDir static Path dir;
  static Path seeds;
  static Path shmem;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void setUp() throws Exception {
    LiveTargets.assumeTools("afl-fuzz", "taskset", "setsid");
    shmem = Targets.builtAfl("afl_libjpeg_shmem");
    seeds = Files.createDirectories(dir.resolve("seeds"));
    Files.copy(Targets.builtAfl("libjpeg_seed.jpg"), seeds.resolve("seed.jpg"));
  }

  static Process launch(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "launch"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
  }

  static JsonNode waitForFile(Path out, Predicate<JsonNode> ok, long seconds, Process p)
      throws Exception {
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    Path file = out.resolve("fuzzprof-launch.json");
    while (System.nanoTime() < until) {
      if (Files.exists(file)) {
        try {
          JsonNode n = JSON.readTree(file.toFile());
          if (ok.test(n)) {
            return n;
          }
        } catch (IOException e) {
          // being replaced: read again
        }
      }
      if (!p.isAlive()) {
        break;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the launch file never showed what was waited for; launch alive: "
        + p.isAlive() + "; file: " + (Files.exists(file) ? Files.readString(file) : "none"));
  }

  /** Every process whose environment carries this launch's mark: this test's own scan. */
  static List<Integer> marked(String id) throws IOException {
    List<Integer> found = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("/proc"))) {
      for (Path p : s.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String env = new String(Files.readAllBytes(p.resolve("environ")),
              StandardCharsets.ISO_8859_1);
          if (List.of(env.split("\0")).contains("FUZZPROF_LAUNCH=" + id)) {
            found.add(Integer.parseInt(p.getFileName().toString()));
          }
        } catch (IOException e) {
          // gone
        }
      }
    }
    return found;
  }

  /** Processes whose command line names the output dir (afl-fuzz -o OUT, libFuzzer's corpus). */
  static List<String> namingDir(Path out) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("/proc"))) {
      for (Path p : s.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline")),
              StandardCharsets.ISO_8859_1).replace('\0', ' ');
          if (cmd.contains(out.toString()) && !cmd.contains("java")) {
            found.add(p.getFileName() + ": " + cmd);
          }
        } catch (IOException e) {
          // gone
        }
      }
    }
    return found;
  }

  static void assertNothingLeft(String id, Path out) throws Exception {
    long until = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < until && !(marked(id).isEmpty() && namingDir(out).isEmpty())) {
      Thread.sleep(200);
    }
    assertEquals(List.of(), marked(id), "processes still marked with launch " + id);
    assertEquals(List.of(), namingDir(out), "processes still naming " + out);
  }

  static List<Integer> cpusAllowed(int pid) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (l.startsWith("Cpus_allowed_list:")) {
        String v = l.substring(l.indexOf(':') + 1).strip();
        return v.matches("\\d+") ? List.of(Integer.parseInt(v)) : List.of(-1, -1);
      }
    }
    return List.of();
  }

  static JsonNode instance(JsonNode file, String name) {
    for (JsonNode i : file.path("instances")) {
      if (i.path("name").asText().equals(name)) {
        return i;
      }
    }
    throw new AssertionError("no instance " + name + " in " + file);
  }

  /** The notes of scaling-report on a launch's output dir, as JSON text. */
  static String reportNotes(Path out) throws IOException {
    CliRun r = CliRun.of("scaling-report", out.toString(), "--sample", "1s", "--format", "json");
    assertEquals(0, r.code(), r.err());
    return JSON.readTree(r.out()).path("notes").toString();
  }

  @Test
  void twoAflInstancesOnCpusOfTheirOwnADeadOneRestartedAndKillingFuzzprofLeavesNothing()
      throws Exception {
    Path out = dir.resolve("two");
    Path log = dir.resolve("two.out");
    Process p = launch(log, "-n", "2", "-i", seeds.toString(), "-o", out.toString(), "--plain",
        "--status-every", "5s", "--", shmem.toString());
    String id = null;
    try {
      JsonNode f = waitForFile(out, n -> n.path("allStarted").asBoolean(), 120, p);
      id = f.path("id").asText();
      Set<Integer> cpus = new HashSet<>();
      for (String name : List.of("main", "s1")) {
        JsonNode i = instance(f, name);
        int pid = i.path("pid").asInt();
        assertEquals("running", i.path("state").asText(), name);
        assertEquals(List.of(i.path("cpu").asInt()), cpusAllowed(pid),
            name + " is bound to its one CPU");
        cpus.add(i.path("cpu").asInt());
        assertTrue(Files.exists(out.resolve(name).resolve("fuzzer_stats")), name);
        String cmd = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
        assertTrue(cmd.contains((name.equals("main") ? "-M " : "-S ") + name), cmd);
      }
      assertEquals(2, cpus.size(), "two CPUs, one each");

      int old = instance(f, "s1").path("pid").asInt();
      int cpu = instance(f, "s1").path("cpu").asInt();
      new ProcessBuilder("kill", "-KILL", Integer.toString(old)).start().waitFor();
      JsonNode after = waitForFile(out, n -> {
        JsonNode s1 = instance(n, "s1");
        return s1.path("pid").asInt() != old && s1.path("state").asText().equals("running");
      }, 90, p);
      JsonNode s1 = instance(after, "s1");
      assertEquals(1, s1.path("restarts").asInt());
      int again = s1.path("pid").asInt();
      assertNotEquals(old, again);
      assertEquals(List.of(cpu), cpusAllowed(again), "restarted on the same CPU");
      String env = new String(Files.readAllBytes(Path.of("/proc/" + again + "/environ")),
          StandardCharsets.ISO_8859_1);
      assertTrue(List.of(env.split("\0")).contains("AFL_AUTORESUME=1"), "resumes its folder");
      assertTrue(Files.readString(log).contains("s1 (pid " + old + ") ended"),
          Files.readString(log));
      assertTrue(marked(id).contains(again));
      // scaling-report reads the launch record: who supervises, and the restart
      String notes = reportNotes(out);
      assertTrue(notes.contains("started by fuzzprof launch " + id) && notes.contains(
          "it runs (pid " + p.pid() + ")"), notes);
      assertTrue(notes.contains("s1: restarted 1 time by launch"), notes);

      // fuzzprof itself SIGKILLed: its guard ends every instance and target
      p.destroyForcibly();
      assertTrue(p.waitFor(10, TimeUnit.SECONDS));
      assertNothingLeft(id, out);
      // its record still says "running": the report tells the launch was killed
      notes = reportNotes(out);
      assertTrue(notes.contains("is gone without ending the launch"), notes);
    } finally {
      p.destroyForcibly();
      if (id != null) {
        for (int pid : marked(id)) {
          new ProcessBuilder("kill", "-KILL", Integer.toString(pid)).start().waitFor();
        }
      }
    }
  }

  /**
   * --detach: the command returns once the campaign runs in a session of its own (so a closing
   * terminal's SIGHUP, sent to the terminal's session, does not reach it; checked here by the
   * session id), and --stop OUT ends it and everything it started (about 15 s).
   */
  @Test
  void detachedLaunchRunsInItsOwnSessionAndStopEndsIt() throws Exception {
    Path out = dir.resolve("detached");
    Path log = dir.resolve("detached.out");
    Process p = launch(log, "-n", "1", "-i", seeds.toString(), "-o", out.toString(), "--detach",
        "--", shmem.toString());
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "--detach returns");
    assertEquals(0, p.exitValue(), Files.readString(log));
    JsonNode f = JSON.readTree(out.resolve("fuzzprof-launch.json").toFile());
    String id = f.path("id").asText();
    long child = f.path("pid").asLong();
    try {
      assertTrue(Files.readString(log).contains("launch running in the background: pid " + child),
          Files.readString(log));
      assertTrue(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));
      // field 6 of /proc/PID/stat is the session: the detached launch leads its own
      String stat = Files.readString(Path.of("/proc/" + child + "/stat"));
      String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      assertEquals(Long.toString(child), rest[3], "session of the detached launch");
      assertNotEquals(Long.toString(ProcessHandle.current().pid()), rest[3]);
      assertTrue(marked(id).size() >= 2, "afl-fuzz and its target run: " + marked(id));
      CliRun stop = CliRun.of("launch", "--stop", out.toString());
      assertEquals(0, stop.code(), stop.err());
      assertTrue(stop.out().contains("stopped the launch (pid " + child + ")"), stop.out());
      assertNothingLeft(id, out);
      assertTrue(ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    } finally {
      for (int pid : marked(id)) {
        new ProcessBuilder("kill", "-KILL", Integer.toString(pid)).start().waitFor();
      }
      new ProcessBuilder("kill", "-KILL", Long.toString(child)).start().waitFor();
    }
  }

  @Test
  void sigtermEndsEveryInstanceAndTarget() throws Exception {
    Path out = dir.resolve("term");
    Path log = dir.resolve("term.out");
    Process p = launch(log, "-n", "1", "-i", seeds.toString(), "-o", out.toString(), "--plain",
        "--", shmem.toString());
    try {
      JsonNode f = waitForFile(out, n -> n.path("allStarted").asBoolean(), 120, p);
      String id = f.path("id").asText();
      assertTrue(marked(id).size() >= 2, "afl-fuzz and its target carry the mark: "
          + marked(id));
      new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "launch ends on SIGTERM");
      assertNothingLeft(id, out);
      assertTrue(Files.readString(log).contains("stopping every instance"));
      JsonNode last = JSON.readTree(out.resolve("fuzzprof-launch.json").toFile());
      assertEquals(false, last.path("running").asBoolean());
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void libFuzzerWorkersForADurationThenNothingLeft() throws Exception {
    Path bin = Targets.builtLibFuzzer("libfuzzer_libjpeg");
    Path out = dir.resolve("lf");
    Path log = dir.resolve("lf.out");
    Process p = launch(log, "-n", "2", "-i", seeds.toString(), "-o", out.toString(), "--plain",
        "--duration", "15s", "--status-every", "5s", "--", bin.toString(), "-max_len=4096");
    try {
      JsonNode f = waitForFile(out, n -> n.path("allStarted").asBoolean(), 90, p);
      String id = f.path("id").asText();
      assertEquals("libfuzzer", f.path("plan").path("engine").asText());
      Set<Integer> cpus = new HashSet<>();
      for (String name : List.of("fuzz-0", "fuzz-1")) {
        JsonNode i = instance(f, name);
        assertEquals(List.of(i.path("cpu").asInt()), cpusAllowed(i.path("pid").asInt()));
        cpus.add(i.path("cpu").asInt());
      }
      assertEquals(2, cpus.size());
      assertTrue(p.waitFor(90, TimeUnit.SECONDS), "ends after --duration");
      assertEquals(0, p.exitValue(), Files.readString(log));
      assertNothingLeft(id, out);
      for (String name : List.of("fuzz-0", "fuzz-1")) {
        assertTrue(Files.readString(out.resolve(name + ".log")).contains("INITED"), name);
      }
      // the logs are what scaling-report reads: both jobs are found
      CliRun r = CliRun.of("scaling-report", out.toString(), "--format", "json");
      assertEquals(0, r.code(), r.err());
      JsonNode rep = JSON.readTree(r.out());
      assertEquals(2, rep.path("instances").size(), r.out());
      assertTrue(Files.readString(log).contains("launch ended"));
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void anExistingOutputDirNeedsResume() throws Exception {
    Path out = Files.createDirectories(dir.resolve("used"));
    Files.writeString(out.resolve("something"), "x");
    CliRun r = CliRun.of("launch", "-i", seeds.toString(), "-o", out.toString(), "--",
        shmem.toString());
    assertEquals(2, r.code());
    assertTrue(r.oneCleanErrorLine(), r.err());
    assertTrue(r.err().contains("--resume"), r.err());
  }
}
