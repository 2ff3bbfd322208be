package dev.fuzzprof.acquire.profile;

import dev.fuzzprof.problem.FuzzprofException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Finding and running child tools with {@code LC_ALL=C}. */
final class Tools {
  private Tools() {}

  static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  static ProcessBuilder builder(List<String> cmd, Path stdout, Path stderr) {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> env = pb.environment();
    env.put("LC_ALL", "C");
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(stdout.toFile());
    pb.redirectError(stderr.toFile());
    return pb;
  }

  static Process start(ProcessBuilder pb, String tool, String installHint) {
    try {
      return pb.start();
    } catch (IOException e) {
      throw new FuzzprofException(FuzzprofException.Kind.MISSING_TOOL,
          "cannot run " + tool + " (" + e.getMessage() + "); install it: " + installHint, e);
    }
  }

  static int waitFor(Process p) {
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw FuzzprofException.interrupted("interrupted while waiting for "
          + p.info().command().orElse("a tool"));
    }
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }
}
