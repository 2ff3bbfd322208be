package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the reference targets (targets/live_*.c, built by targets/Makefile) pinned to a CPU. */
final class LiveTargets {
  private LiveTargets() {}

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir.isEmpty() ? "." : dir, tool))) {
        return true;
      }
    }
    return false;
  }

  static void assumeTools(String... tools) {
    for (String t : tools) {
      assumeTrue(onPath(t), t + " is not installed");
    }
  }

  /**
   * dir/NAME, a copy of targets/build/NAME (targets/NAME.c, built by the Makefile), and
   * dir/input.bin beside it, the file it reads.
   */
  static Path compile(Path dir, String name) throws Exception {
    Path bin = Files.copy(Targets.built(name), dir.resolve(name),
        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    Files.write(dir.resolve("input.bin"), new byte[543]);
    return bin;
  }

  /** A running target; close() ends it. */
  record Running(Process process, int child) implements AutoCloseable {
    int driver() {
      return (int) process.pid();
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      if (!process.waitFor(3, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** Starts a target pinned to cpu; for the persistent one, waits for its child's pid. */
  static Running start(Path bin, int cpu, double seconds, boolean hasChild) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("taskset", "-c", Integer.toString(cpu),
        bin.toString(), bin.resolveSibling("input.bin").toString()));
    if (seconds > 0) {
      cmd.add(Double.toString(seconds));
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    int child = -1;
    if (hasChild) {
      BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
          StandardCharsets.UTF_8));
      String line = r.readLine();
      child = Integer.parseInt(line.trim().split("\\s+")[1]);
    }
    Thread.sleep(200);
    return new Running(p, child);
  }

  /** Result of one in-process command line. */
  record Run(int code, String out, String err) {}

  static Run fuzzprof(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new Io(new PrintWriter(out), new PrintWriter(err),
        InputStream.nullInputStream()), args);
    return new Run(code, out.toString(), err.toString());
  }

  static String status(long pid, String field) throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (l.startsWith(field + ":")) {
        return l.substring(field.length() + 1).strip();
      }
    }
    return "";
  }
}
