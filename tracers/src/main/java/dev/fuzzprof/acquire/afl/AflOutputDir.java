package dev.fuzzprof.acquire.afl;

import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the instances of an AFL/AFL++ output directory and reads their text files. Accepts a
 * sync dir of {@code -M}/{@code -S} folders, a single-instance {@code -o out} (which holds
 * {@code out/default}), or an instance folder itself.
 */
public final class AflOutputDir {
  /** plot_data beyond this many bytes is read from its end: the recent rows matter most. */
  static final long PLOT_TAIL = 4L << 20;

  private AflOutputDir() {}

  public static List<AflInstanceFiles> read(Path dir) {
    if (!Files.exists(dir)) {
      throw FuzzprofException.data(dir + ": no such directory");
    }
    if (!Files.isDirectory(dir)) {
      throw FuzzprofException.data(dir + " is a file, not an AFL output directory"
          + " (give the -o directory of afl-fuzz)");
    }
    if (isInstance(dir)) {
      return List.of(readInstance(dir));
    }
    List<Path> subdirs = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (Files.isDirectory(p) && isInstance(p)) {
          subdirs.add(p);
        }
      }
    } catch (IOException e) {
      throw FuzzprofException.data(dir + ": cannot list: " + e.getMessage());
    }
    if (subdirs.isEmpty()) {
      boolean empty;
      try (Stream<Path> s = Files.list(dir)) {
        empty = s.findAny().isEmpty();
      } catch (IOException e) {
        empty = false;
      }
      throw FuzzprofException.data(dir + (empty ? " is empty" : " is not an AFL output directory")
          + ": no instance folder with fuzzer_stats, plot_data or queue/ in it or below it");
    }
    subdirs.sort(null);
    List<AflInstanceFiles> out = new ArrayList<>(subdirs.size());
    for (Path p : subdirs) {
      out.add(readInstance(p));
    }
    return out;
  }

  /** An instance folder has fuzzer_stats, or at least plot_data or a queue/ (a fresh start). */
  static boolean isInstance(Path p) {
    return Files.isRegularFile(p.resolve("fuzzer_stats"))
        || Files.isRegularFile(p.resolve("plot_data"))
        || Files.isDirectory(p.resolve("queue"));
  }

  static AflInstanceFiles readInstance(Path p) {
    return new AflInstanceFiles(p.getFileName().toString(), p.toString(),
        text(p.resolve("fuzzer_stats"), Long.MAX_VALUE), text(p.resolve("plot_data"), PLOT_TAIL),
        text(p.resolve("fuzzer_setup"), 1 << 20), text(p.resolve("cmdline"), 1 << 20));
  }

  private static String text(Path f, long maxBytes) {
    try {
      long size = Files.size(f);
      if (size <= maxBytes) {
        return Files.readString(f, StandardCharsets.ISO_8859_1);
      }
      byte[] all;
      try (var ch = Files.newByteChannel(f)) {
        ch.position(size - maxBytes);
        var buf = java.nio.ByteBuffer.allocate((int) maxBytes);
        while (buf.hasRemaining() && ch.read(buf) > 0) {
          // fill
        }
        all = buf.array();
      }
      String s = new String(all, StandardCharsets.ISO_8859_1);
      int nl = s.indexOf('\n');
      return nl < 0 ? s : s.substring(nl + 1);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
