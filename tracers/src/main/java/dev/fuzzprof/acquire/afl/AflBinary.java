package dev.fuzzprof.acquire.afl;

import dev.fuzzprof.acquire.proc.LibFuzzerBinaries;
import dev.fuzzprof.parse.afl.AflBuild;
import dev.fuzzprof.parse.afl.AflBuildParser;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds afl-fuzz and asks it which build it is: run without arguments it prints its banner and
 * usage and exits. Whether it knows {@code AFL_FINAL_SYNC} is read from the binary, which holds
 * the name of every variable it reads.
 */
public final class AflBinary {
  private AflBinary() {}

  /** The afl-fuzz to run: {@code name} as a path, else looked up on PATH. */
  public static Path locate(String name) {
    if (name.contains("/")) {
      Path p = Path.of(name);
      if (Files.isExecutable(p)) {
        return p.toAbsolutePath();
      }
      throw new FuzzprofException(FuzzprofException.Kind.MISSING_TOOL,
          name + ": not an executable file");
    }
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(p)) {
        return p.toAbsolutePath();
      }
    }
    throw new FuzzprofException(FuzzprofException.Kind.MISSING_TOOL,
        name + " is not installed: apt-get install afl++ (or give --afl-fuzz PATH)");
  }

  /** The build of the afl-fuzz at {@code binary}. */
  public static AflBuild probe(Path binary) {
    String banner;
    try {
      Process p = new ProcessBuilder(binary.toString()).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      byte[] head;
      try (InputStream in = p.getInputStream()) {
        head = in.readNBytes(4096);
      }
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      banner = new String(head, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FuzzprofException(FuzzprofException.Kind.MISSING_TOOL,
          "cannot run " + binary + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FuzzprofException.interrupted("interrupted while asking afl-fuzz its version");
    }
    boolean finalSync;
    try {
      finalSync = LibFuzzerBinaries.holds(binary,
          "AFL_FINAL_SYNC".getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      finalSync = false;
    }
    boolean fs = finalSync;
    return AflBuildParser.parse(banner, fs).orElseThrow(() -> FuzzprofException.data(
        binary + " does not look like afl-fuzz: its banner names no AFL or AFL++ version"));
  }
}
