package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command that touches the kernel, run as a plain user this test creates ({@code useradd},
 * no capabilities; deleted at the end), at perf_event_paranoid 2 and 1. This is the one test
 * class that changes perf_event_paranoid (a global setting); it puts back the value it found in
 * {@link #tearDown()}, whatever happened.
 *
 * <p>The user runs fuzzprof from a copy of this test's class path (the built classes and their
 * jars) in a directory it may read, against processes it owns: a persistent target
 * (targets/live_persistent.c) and an AFL++ -S instance of the shared-memory libjpeg harness, and
 * against a {@code sleep} of root's. Each command must do what it can and say what is missing
 * with the setting or capability that would allow it, or exit 3 with that one line; never a
 * stack trace. The ground truth for each "missing" line is perf or strace run as the same user
 * (they really are refused), and for the kernel share of flame at paranoid 1 the target's own
 * stime/utime in /proc over the same run.
 *
 * <p>This kernel has no Yama and tracefs mode 700: a plain user gets no tracepoints at any
 * perf_event_paranoid, and no message may name Yama. Takes about 70-100 s on the loaded 2-core
 * box (an AFL++ start, then per level nine JVM starts with 2 s windows).
 */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class UnprivilegedUserTest {
  private static final Path PARANOID = Path.of("/proc/sys/kernel/perf_event_paranoid");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String paranoidBefore;
  private static String user;
  private static Path dir;
  private static Path work;
  private static String classPath;
  private static Process target;
  private static long child;
  private static Process afl;
  private static Process rootSleep;

  @BeforeAll
  static void setUp() throws Exception {
    assumeTrue("0".equals(run(List.of("id", "-u")).out.strip()), "needs root to create a user");
    LiveTargets.assumeTools("useradd", "userdel", "runuser", "perf", "strace", "afl-fuzz");
    Path persistent = Targets.built("live_persistent");
    Path shmem = Targets.builtAfl("afl_libjpeg_shmem");
    Path seed = Targets.builtAfl("libjpeg_seed.jpg");
    paranoidBefore = Files.readString(PARANOID).strip();

    user = "fzp" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    Run add = run(List.of("useradd", "--no-create-home", "--user-group", "--shell", "/bin/sh",
        user));
    assertEquals(0, add.code, "useradd: " + add.err);

    dir = Files.createTempDirectory("fuzzprof-unpriv-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    // the built classes and their jars, where the user may read them (root's ~/.m2 is 700)
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String e : System.getProperty("java.class.path").split(":")) {
      Path from = Path.of(e);
      if (!Files.exists(from)) {
        continue;
      }
      Path to = dir.resolve("cp").resolve(n++ + "-" + from.getFileName());
      copyTree(from, to);
      entries.add(to.toString());
    }
    classPath = String.join(":", entries);
    Files.copy(persistent, dir.resolve("live_persistent"));
    Files.copy(shmem, dir.resolve("afl_libjpeg_shmem"));
    Files.copy(Repo.root().resolve("targets/input.bin"), dir.resolve("input.bin"));
    Files.createDirectories(dir.resolve("seeds"));
    Files.copy(seed, dir.resolve("seeds/seed.jpg"));
    run(List.of("chmod", "-R", "a+rX", dir.toString()));
    work = Files.createDirectories(dir.resolve("work"));
    run(List.of("chown", user + ":" + user, work.toString()));

    // the user's own target, and root's sleep
    target = new ProcessBuilder("runuser", "-u", user, "--", dir.resolve("live_persistent")
        .toString(), dir.resolve("input.bin").toString(), "0").redirectErrorStream(true).start();
    String first = new java.io.BufferedReader(new java.io.InputStreamReader(
        target.getInputStream(), StandardCharsets.US_ASCII)).readLine(); // "child PID"
    assertTrue(first != null && first.startsWith("child "), "live_persistent said: " + first);
    child = Long.parseLong(first.substring("child ".length()).strip());
    rootSleep = new ProcessBuilder("sleep", "600").start();

    // the user's AFL++ instance, not bound to a CPU (other campaigns run on this box)
    ProcessBuilder a = new ProcessBuilder("runuser", "-u", user, "--", "env",
        "AFL_NO_UI=1", "AFL_SKIP_CPUFREQ=1", "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1",
        "AFL_NO_AFFINITY=1", "afl-fuzz", "-i", dir.resolve("seeds").toString(), "-o",
        work.resolve("out").toString(), "-S", "s1", "--", dir.resolve("afl_libjpeg_shmem")
        .toString()).redirectErrorStream(true).redirectOutput(dir.resolve("afl.log").toFile());
    a.directory(work.toFile());
    afl = a.start();
    Path stats = work.resolve("out/s1/fuzzer_stats");
    long until = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(stats) && afl.isAlive() && System.nanoTime() < until) {
      Thread.sleep(200);
    }
    assertTrue(Files.exists(stats), "afl-fuzz as " + user + " never wrote fuzzer_stats: "
        + Files.readString(dir.resolve("afl.log")));
  }

  @AfterAll
  static void tearDown() throws Exception {
    try {
      if (paranoidBefore != null) {
        Files.writeString(PARANOID, paranoidBefore + "\n");
      }
    } finally {
      try {
        for (Process p : new Process[] {afl, target, rootSleep}) {
          if (p != null) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
          }
        }
        if (user != null) {
          killUsersProcesses(); // what the user's commands may have left (there should be none)
          run(List.of("userdel", user));
        }
      } finally {
        if (dir != null) {
          deleteTree(dir);
        }
      }
    }
    assertEquals(paranoidBefore, Files.readString(PARANOID).strip(), "perf_event_paranoid restored");
  }

  @ParameterizedTest(name = "perf_event_paranoid {0}")
  @ValueSource(ints = {2, 1})
  void everyCommandAsAPlainUser(int level) throws Exception {
    Files.writeString(PARANOID, level + "\n");
    assertEquals(Integer.toString(level), Files.readString(PARANOID).strip());
    long pid = parentOf(child); // the live_persistent parent (runuser is its parent)

    // ground truth, as the user: tracepoints refused (tracefs is root's), strace of its own
    // process allowed (no Yama), of root's refused, perf on root's process refused
    Run perfTp = asUser("perf", "stat", "-e", "raw_syscalls:sys_enter", "-p", Long.toString(pid),
        "--", "sleep", "0.1");
    assertNotEquals(0, perfTp.code, "perf counted a tracepoint as the user: " + perfTp.err);
    assertTrue(perfTp.err.contains("/sys/kernel/tracing"), perfTp.err);
    Run perfRoot = asUser("perf", "record", "-o", "/dev/null", "-p",
        Long.toString(rootSleep.pid()), "--", "sleep", "0.1");
    assertNotEquals(0, perfRoot.code, "perf sampled root's process as the user");
    Run straceRoot = asUser("strace", "-p", Long.toString(rootSleep.pid()));
    assertTrue(straceRoot.err.contains("Operation not permitted"), straceRoot.err);

    // attach to the user's own target: /proc figures and the strace sample, no perf count
    Run attach = fuzzprof("attach", "--pid", Long.toString(pid), "--duration", "2s",
        "--format", "json");
    clean(attach);
    assertEquals(0, attach.code, attach.err);
    JsonNode a = JSON.readTree(attach.out);
    String missing = a.path("missing").toString();
    assertTrue(missing.contains("readable by root only")
        && missing.contains("at any perf_event_paranoid"), missing);
    assertEquals(List.of("openat", "read", "close", "gettid", "getpid", "tgkill"),
        strings(a.path("window").path("signature")), "the target's own 6 syscalls a case");
    assertEquals("0", status(pid, "TracerPid"), "the target is traced after attach");

    // attach to root's process: the strace sample is refused, for the uid, not for Yama
    Run attachRoot = fuzzprof("attach", "--pid", Long.toString(rootSleep.pid()), "--duration",
        "1s", "--format", "json");
    clean(attachRoot);
    assertEquals(0, attachRoot.code, attachRoot.err);
    String rootMissing = JSON.readTree(attachRoot.out).path("missing").toString();
    assertTrue(rootMissing.contains("uid " + uid() + " may not ptrace a process of uid 0 without"
        + " CAP_SYS_PTRACE; run fuzzprof as root"), rootMissing);

    // flame of the user's own target; kernel frames only at paranoid 1
    long[] before = cpuTicks(pid, child);
    Run flame = fuzzprof("flame", "--pid", Long.toString(pid), "--duration", "2s", "--format",
        "json", "--out", work.resolve("flame-" + level + ".html").toString());
    long[] after = cpuTicks(pid, child);
    clean(flame);
    assertEquals(0, flame.code, flame.err);
    JsonNode f = JSON.readTree(flame.out);
    double procKernel = 100.0 * (after[1] - before[1])
        / Math.max(1, (after[0] - before[0]) + (after[1] - before[1]));
    // the target spends most of its time in the kernel (SIGSTOP/SIGCONT a case): a profile
    // without kernel frames is then visibly short of it
    assertTrue(procKernel > 30, "the target's own kernel share " + procKernel);
    String flameMissing = f.path("missing").toString();
    System.out.printf(Locale.ROOT, "paranoid %d: flame kernel %.1f%% of %d samples, /proc stime"
        + " share %.1f%%%n", level, f.path("kernelPercent").asDouble(), f.path("samples").asLong(),
        procKernel);
    if (level == 2) {
      assertTrue(flameMissing.contains("kernel frames not sampled: /proc/sys/kernel/"
          + "perf_event_paranoid is 2") && flameMissing.contains(
              "`sysctl -w kernel.perf_event_paranoid=1`"), flameMissing);
      assertEquals(0.0, f.path("kernelPercent").asDouble(), "kernel frames at paranoid 2");
    } else {
      assertEquals("[]", flameMissing);
      // Tolerance 25 points: perf samples the 2 s window at 999 Hz (about 1,000-2,000 samples
      // of this target, ~2 points of sampling error), /proc's stime/utime are 100 Hz ticks over
      // the whole command (JVM start included, ~5 s, ~3 points); the rest is the different
      // windows of a target whose kernel share moves with the box's load.
      assertEquals(procKernel, f.path("kernelPercent").asDouble(), 25,
          "flame's kernel share against the target's stime share in /proc");
      assertTrue(f.path("topKernelFrames").size() > 0, "kernel frames have names");
    }
    // flame of root's process: one line, exit 3, the uid's matter whatever paranoid is
    Run flameRoot = fuzzprof("flame", "--pid", Long.toString(rootSleep.pid()), "--duration",
        "1s", "--out", work.resolve("root.html").toString());
    clean(flameRoot);
    assertEquals(3, flameRoot.code, flameRoot.out + flameRoot.err);
    assertTrue(flameRoot.err.contains("uid " + uid() + " may not profile a process of uid 0: perf"
        + " needs the same uid, CAP_PERFMON or CAP_SYS_PTRACE, whatever perf_event_paranoid is"),
        flameRoot.err);

    // the user's campaign: top, scaling-report and snapshot read /proc and say what perf lacks
    Run top = fuzzprof("top", "--format", "json", "--iterations", "2", "--interval", "1s",
        work.resolve("out").toString());
    clean(top);
    assertEquals(0, top.code, top.err);
    JsonNode lastTop = JSON.readTree(top.out.strip().lines().reduce((x, y) -> y).orElseThrow());
    assertEquals("s1", lastTop.path("instances").path(0).path("name").asText(), top.out);
    // perf is wanted only for an instance in its first minute (AFL++ writes no rate before):
    // then top must say why it has none; later the rate comes from AFL++'s files
    JsonNode s1 = lastTop.path("instances").path(0);
    assertTrue(lastTop.path("notes").toString().contains("readable by root only")
        || s1.path("execsPerSec").isNumber(), lastTop.toString());
    Run report = fuzzprof("scaling-report", "--format", "json", "--sample", "1s",
        work.resolve("out").toString());
    clean(report);
    assertEquals(0, report.code, report.err);
    JsonNode r = JSON.readTree(report.out);
    assertEquals(1, r.path("instances").size());
    assertTrue(r.path("notes").toString().contains("readable by root only"),
        r.path("notes").toString());
    Path snap = work.resolve("snap-" + level + ".json");
    Run snapshot = fuzzprof("snapshot", "--sample", "500ms", "--out", snap.toString(),
        work.resolve("out").toString());
    clean(snapshot);
    assertEquals(0, snapshot.code, snapshot.err);
    assertTrue(Files.size(snap) > 0 && snapshot.out.contains("readable by root only"),
        snapshot.out);
    Run doctor = fuzzprof("doctor", "--format", "json");
    clean(doctor);
    assertEquals(0, doctor.code, doctor.err);
    assertTrue(JSON.readTree(doctor.out).size() > 0);
  }

  /** No stack trace, at most one line on stderr, and no word of Yama on a kernel without it. */
  private static void clean(Run r) {
    assertFalse(r.err.contains("Exception") || r.err.contains("\tat "), r.err);
    assertTrue(r.err.strip().lines().count() <= 1, r.err);
    if (!Files.exists(Path.of("/proc/sys/kernel/yama"))) {
      assertFalse((r.out + r.err).toLowerCase(Locale.ROOT).contains("yama"), r.out + r.err);
    }
  }

  private static Run fuzzprof(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-XX:+UseSerialGC", "-cp", classPath, Main.class.getName()));
    cmd.addAll(List.of(args));
    return asUser(cmd.toArray(String[]::new));
  }

  private static Run asUser(String... cmd) throws Exception {
    List<String> all = new ArrayList<>(List.of("runuser", "-u", user, "--", "env", "LC_ALL=C",
        "COLUMNS=200"));
    all.addAll(List.of(cmd));
    ProcessBuilder pb = new ProcessBuilder(all).directory(work.toFile());
    return run(pb);
  }

  private record Run(int code, String out, String err) {}

  private static Run run(List<String> cmd) throws Exception {
    return run(new ProcessBuilder(cmd));
  }

  private static Run run(ProcessBuilder pb) throws Exception {
    Path out = Files.createTempFile("unpriv-out", ".txt");
    Path err = Files.createTempFile("unpriv-err", ".txt");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("did not end in 120 s: " + pb.command());
      }
      return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static int uid() throws Exception {
    return Integer.parseInt(run(List.of("id", "-u", user)).out.strip());
  }

  private static long parentOf(long pid) throws IOException {
    return Long.parseLong(status(pid, "PPid"));
  }

  private static String status(long pid, String key) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (l.startsWith(key + ":")) {
        return l.substring(key.length() + 1).strip();
      }
    }
    throw new AssertionError("no " + key + " in /proc/" + pid + "/status");
  }

  /** utime and stime (ticks) of the processes, summed: fields 14 and 15 of /proc/PID/stat. */
  private static long[] cpuTicks(long... pids) throws IOException {
    long[] t = new long[2];
    for (long p : pids) {
      String s = Files.readString(Path.of("/proc/" + p + "/stat"));
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      t[0] += Long.parseLong(f[11]);
      t[1] += Long.parseLong(f[12]);
    }
    return t;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** SIGKILL to every process of the test's own user (by its uid in /proc/PID/status). */
  private static void killUsersProcesses() throws Exception {
    String uid = Integer.toString(uid());
    try (Stream<Path> s = Files.list(Path.of("/proc"))) {
      for (Path p : s.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          for (String l : Files.readAllLines(p.resolve("status"))) {
            if (l.startsWith("Uid:") && l.split("\\s+")[1].equals(uid)) {
              ProcessHandle.of(Long.parseLong(p.getFileName().toString()))
                  .ifPresent(ProcessHandle::destroyForcibly);
            }
          }
        } catch (IOException | UncheckedIOException e) {
          // gone
        }
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    if (!Files.isDirectory(from)) {
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path q = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
