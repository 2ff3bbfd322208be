package dev.fuzzprof.cli;

import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JVM program the flame test profiles: opens, reads and closes a small file in a loop for the
 * given seconds. Prints "ready" once the loop runs.
 */
public final class FileLoopTarget {
  private FileLoopTarget() {}

  public static void main(String[] args) throws Exception {
    Path p = Files.createTempFile("fuzzprof-fileloop", ".bin");
    Files.write(p, new byte[4096]);
    long end = System.nanoTime() + (long) (Double.parseDouble(args[0]) * 1e9);
    byte[] buf = new byte[8192];
    long total = 0;
    boolean said = false;
    while (System.nanoTime() < end) {
      try (FileInputStream in = new FileInputStream(p.toFile())) {
        total += in.read(buf);
      }
      if (!said) {
        System.out.println("ready");
        System.out.flush();
        said = true;
      }
    }
    Files.deleteIfExists(p);
    System.err.println("bytes=" + total);
  }
}
