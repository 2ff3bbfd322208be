package dev.fuzzprof.acquire;

import dev.fuzzprof.event.TraceEvent;
import dev.fuzzprof.parse.ArgsPolicy;
import dev.fuzzprof.parse.Lines;
import dev.fuzzprof.parse.ParallelLineParser;
import dev.fuzzprof.parse.ParseStats;
import dev.fuzzprof.parse.TraceFormat;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads a saved trace (a file, or standard input for {@code -}) in blocks of whole lines and
 * has them parsed on two threads while this one delivers the events, in order, to the sink.
 */
public final class TraceFile {
  private static final int MAX_LINE = 16 << 20;
  /** Parse threads; {@code -Dfuzzprof.parse.threads=N} changes it (bench/ compares 1 and 2). */
  private static final int PARSE_THREADS =
      Math.max(1, Integer.getInteger("fuzzprof.parse.threads", 2));

  private TraceFile() {}

  /** What was read, and what the parser made of it. */
  public record Result(TraceFormat format, ParseStats stats, long bytes) {}

  public static Result read(String pathOrDash, InputStream stdin, Consumer<TraceEvent> sink) {
    return read(pathOrDash, stdin, sink, ArgsPolicy.ALL);
  }

  public static Result read(
      String pathOrDash, InputStream stdin, Consumer<TraceEvent> sink, ArgsPolicy args) {
    if ("-".equals(pathOrDash)) {
      return read(stdin, "standard input", sink, args);
    }
    Path path = Path.of(pathOrDash);
    if (Files.isDirectory(path)) {
      throw FuzzprofException.data(pathOrDash + " is a directory, not a trace file");
    }
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, pathOrDash, sink, args);
    } catch (NoSuchFileException e) {
      throw FuzzprofException.data(pathOrDash + ": no such file");
    } catch (AccessDeniedException e) {
      throw FuzzprofException.data(pathOrDash + ": permission denied");
    } catch (IOException e) {
      throw FuzzprofException.data(pathOrDash + ": cannot read: " + e.getMessage());
    }
  }

  public static Result read(
      InputStream in, String name, Consumer<TraceEvent> sink, ArgsPolicy args) {
    try {
      return readBlocks(in, name, sink, args);
    } catch (IOException e) {
      throw FuzzprofException.data(name + ": cannot read: " + e.getMessage());
    }
  }

  private static Result readBlocks(
      InputStream in, String name, Consumer<TraceEvent> sink, ArgsPolicy args)
      throws IOException {
    byte[] buf = new byte[ParallelLineParser.BLOCK];
    int filled = in.readNBytes(buf, 0, buf.length);
    long bytes = filled;
    TraceFormat format = TraceFormat.detect(buf, Math.min(filled, 8192));
    if (format == TraceFormat.BINARY) {
      throw FuzzprofException.data(name + " is binary data, not strace or perf trace text");
    }
    try (ParallelLineParser parser = new ParallelLineParser(format, args, sink, PARSE_THREADS)) {
      boolean eof = filled < buf.length;
      while (!eof) {
        if (Thread.currentThread().isInterrupted()) {
          // Ctrl-C in the console: stop reading, the command is cancelled
          throw FuzzprofException.data(name + ": reading interrupted");
        }
        int cut = Lines.last(buf, 0, filled) + 1;
        byte[] next;
        if (cut == 0) {
          // one line longer than the block: grow, within reason
          if (buf.length >= MAX_LINE) {
            throw FuzzprofException.data(name + " has a line longer than 16 MB: not a trace");
          }
          next = parser.buffer(buf.length * 2);
          System.arraycopy(buf, 0, next, 0, filled);
        } else {
          next = parser.buffer(buf.length);
          System.arraycopy(buf, cut, next, 0, filled - cut);
          parser.submit(buf, cut, false);
          filled -= cut;
        }
        buf = next;
        int n = in.readNBytes(buf, filled, buf.length - filled);
        bytes += n;
        eof = n < buf.length - filled;
        filled += n;
      }
      boolean endsMidLine = filled > 0 && buf[filled - 1] != '\n';
      parser.submit(buf, filled, endsMidLine);
      return new Result(format, parser.finish(), bytes);
    }
  }
}
