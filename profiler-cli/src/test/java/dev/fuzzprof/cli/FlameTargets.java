package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Helpers for the flame tests: tools present, the reference targets built, /proc readings. */
final class FlameTargets {
  private FlameTargets() {}

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** Skips the test unless perf can sample here (installed, matching the kernel, permitted). */
  static void assumePerfWorks() throws Exception {
    assumeTrue(System.getProperty("os.name").startsWith("Linux"), "Linux only");
    assumeTrue(onPath("perf"), "perf is not installed");
    Process p = new ProcessBuilder("perf", "record", "-o", "/dev/null", "-F", "99", "-g", "--",
        "true").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assumeTrue(p.waitFor() == 0, "perf record does not work here (permissions or kernel)");
  }

  /** targets/build/persistent_driver, built with make when gcc is there. */
  static Path persistentDriver() throws Exception {
    return Targets.built("persistent_driver");
  }

  static List<Long> children(long pid) {
    List<Long> out = new ArrayList<>();
    try {
      for (String c : Files.readString(Path.of("/proc/" + pid + "/task/" + pid + "/children"))
          .strip().split("\\s+")) {
        if (!c.isEmpty()) {
          out.add(Long.parseLong(c));
        }
      }
    } catch (IOException e) {
      // gone
    }
    return out;
  }

  static long waitForChild(long pid) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      List<Long> c = children(pid);
      if (!c.isEmpty()) {
        return c.get(0);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("process " + pid + " started no child");
  }

  static Optional<String> state(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
          .filter(l -> l.startsWith("State:")).map(l -> l.substring(6).strip()).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** read/pread syscalls the process has made (/proc/PID/io syscr): grows while it runs cases. */
  /** utime and stime of a process (clock ticks), from /proc/PID/stat fields 14 and 15. */
  static long[] userSystemTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
  }

  static long readSyscalls(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc/" + pid + "/io")).stream()
        .filter(l -> l.startsWith("syscr:")).mapToLong(l -> Long.parseLong(l.substring(6).strip()))
        .findFirst().orElseThrow();
  }

  static JsonNode json(String text) throws IOException {
    return new ObjectMapper().readTree(text);
  }

  static List<String> frames(JsonNode shares) {
    List<String> out = new ArrayList<>();
    shares.forEach(s -> out.add(s.get("frame").asText()));
    return out;
  }
}
