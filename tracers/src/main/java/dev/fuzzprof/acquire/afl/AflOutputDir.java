package dev.fuzzprof.acquire.afl;

import dev.fuzzprof.acquire.FileTexts;
import dev.fuzzprof.acquire.InstanceFiles;
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

  public static List<InstanceFiles> read(Path dir) {
    if (!Files.exists(dir)) {
      throw FuzzprofException.data(dir + ": no such directory");
    }
    if (!Files.isDirectory(dir)) {
      throw FuzzprofException.data(dir + " is a file, not an AFL output directory"
          + " (give the -o directory of afl-fuzz)");
    }
    List<Path> subdirs = instanceDirs(dir);
    if (subdirs.isEmpty()) {
      boolean empty;
      try (Stream<Path> s = Files.list(dir)) {
        empty = s.findAny().isEmpty();
      } catch (IOException e) {
        empty = false;
      }
      throw FuzzprofException.data(dir + (empty ? " is empty" : " is not an AFL output directory")
          + ": no AFL instance folder (fuzzer_stats, plot_data or queue/) in it or below it, and"
          + " no libFuzzer job log (fuzz-N.log)");
    }
    List<InstanceFiles> out = new ArrayList<>(subdirs.size());
    for (Path p : subdirs) {
      out.add(readInstance(p, PLOT_TAIL));
    }
    return out;
  }

  /**
   * The instance folders of an output directory (the directory itself when it is one), sorted,
   * without reading their files; empty when there are none or it cannot be listed.
   */
  public static List<Path> instanceDirs(Path dir) {
    if (isInstance(dir)) {
      return List.of(dir);
    }
    List<Path> subdirs = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (Files.isDirectory(p) && isInstance(p)) {
          subdirs.add(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    subdirs.sort(null);
    return subdirs;
  }

  /** An instance folder has fuzzer_stats, or at least plot_data or a queue/ (a fresh start). */
  static boolean isInstance(Path p) {
    return Files.isRegularFile(p.resolve("fuzzer_stats"))
        || Files.isRegularFile(p.resolve("plot_data"))
        || Files.isDirectory(p.resolve("queue"));
  }

  /**
   * One instance folder's files; plot_data beyond {@code plotTail} bytes is read from its end
   * (with its header line kept), since the recent rows are what rates are made from.
   */
  public static InstanceFiles readInstance(Path p, long plotTail) {
    return new InstanceFiles(p.getFileName().toString(), p.toString(),
        text(p.resolve("fuzzer_stats"), Long.MAX_VALUE), plot(p.resolve("plot_data"), plotTail),
        text(p.resolve("fuzzer_setup"), 1 << 20), text(p.resolve("cmdline"), 1 << 20));
  }

  /** plot_data's tail, with the header line put back in front when the tail cut it off. */
  private static String plot(Path f, long maxBytes) {
    String tail = text(f, maxBytes);
    if (tail == null || tail.startsWith("#")) {
      return tail;
    }
    String head = headLine(f);
    int nl = head == null ? -1 : head.indexOf('\n');
    return head != null && head.startsWith("#") && nl > 0 ? head.substring(0, nl + 1) + tail
        : tail;
  }

  private static String headLine(Path f) {
    return FileTexts.read(f, "head 1024", (file, size) -> {
      try (var ch = Files.newByteChannel(file)) {
        var buf = java.nio.ByteBuffer.allocate(1024);
        ch.read(buf);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
      }
    });
  }

  /** The file's text, or its last {@code maxBytes} from a line start; not read when unchanged. */
  private static String text(Path f, long maxBytes) {
    return FileTexts.read(f, maxBytes == Long.MAX_VALUE ? "all" : "tail " + maxBytes,
        (file, size) -> text(file, size, maxBytes));
  }

  private static String text(Path f, long size, long maxBytes) throws IOException {
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
  }
}
