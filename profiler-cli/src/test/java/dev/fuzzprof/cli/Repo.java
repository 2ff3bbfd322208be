package dev.fuzzprof.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, where sample-traces/ and targets/ are. */
public final class Repo {
  private Repo() {}

  public static Path root() {
    String p = System.getProperty("fuzzprof.repo");
    Path dir = p != null ? Path.of(p) : Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("sample-traces"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the repository root (sample-traces/)");
    }
    return dir;
  }

  public static Path sample(String name) {
    return root().resolve("sample-traces").resolve(name);
  }
}
