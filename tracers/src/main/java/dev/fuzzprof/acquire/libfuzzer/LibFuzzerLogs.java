package dev.fuzzprof.acquire.libfuzzer;

import dev.fuzzprof.acquire.FileTexts;
import dev.fuzzprof.acquire.InstanceFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds and reads libFuzzer logs: the {@code fuzz-N.log} files that {@code -jobs=N} writes into
 * its working directory (one per job), or one log given by name. A long run's log can be large:
 * its head (the seed) and its last megabyte (the latest status lines and how it ended) are read.
 */
public final class LibFuzzerLogs {
  private static final Pattern JOB = Pattern.compile("fuzz-(\\d+)\\.log");
  static final int HEAD = 16 << 10;
  static final int TAIL = 1 << 20;

  private LibFuzzerLogs() {}

  /** The job logs in {@code dir}, by job number; empty when it has none. */
  public static List<Path> jobLogs(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> JOB.matcher(p.getFileName().toString()).matches()
              && Files.isRegularFile(p))
          .sorted(Comparator.comparingLong(LibFuzzerLogs::job)).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The logs of {@code path}: its job logs when it is a folder, else the file itself. */
  public static List<InstanceFiles> read(Path path) {
    List<Path> logs = Files.isDirectory(path) ? jobLogs(path) : List.of(path);
    List<InstanceFiles> out = new ArrayList<>();
    for (Path p : logs) {
      InstanceFiles f = readLog(p);
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  /** One log; null when it cannot be read. */
  public static InstanceFiles readLog(Path log) {
    Path abs = log.toAbsolutePath().normalize();
    try {
      String name = abs.getFileName().toString();
      name = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
      long modified = Files.getLastModifiedTime(abs).toMillis() / 1000;
      String text = FileTexts.read(abs, "head and tail", (f, size) -> text(f, size));
      return text == null ? null : new InstanceFiles(name, abs.toString(), null, null, null,
          null, text, modified);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static long job(Path p) {
    Matcher m = JOB.matcher(p.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
  }

  /** The whole text, or its head and its tail cut at line boundaries when it is large. */
  private static String text(Path f, long size) throws IOException {
    if (size <= HEAD + TAIL) {
      return Files.readString(f, StandardCharsets.ISO_8859_1);
    }
    try (SeekableByteChannel ch = Files.newByteChannel(f)) {
      String head = read(ch, 0, HEAD);
      String tail = read(ch, size - TAIL, TAIL);
      int endOfHead = head.lastIndexOf('\n');
      int startOfTail = tail.indexOf('\n');
      return head.substring(0, endOfHead + 1) + tail.substring(startOfTail + 1);
    }
  }

  private static String read(SeekableByteChannel ch, long from, int n) throws IOException {
    ch.position(from);
    ByteBuffer buf = ByteBuffer.allocate(n);
    while (buf.hasRemaining() && ch.read(buf) > 0) {
      // fill
    }
    return new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
  }
}
