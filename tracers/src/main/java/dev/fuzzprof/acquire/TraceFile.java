package dev.fuzzprof.acquire;

import dev.fuzzprof.event.TraceEvent;
import dev.fuzzprof.parse.ArgsPolicy;
import dev.fuzzprof.parse.LineParser;
import dev.fuzzprof.parse.ParseStats;
import dev.fuzzprof.parse.TraceFormat;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads a saved trace (a file, or standard input for {@code -}) in large blocks and feeds its
 * lines to the parser for its format. Reading and parsing run on a thread of their own and hand
 * events over in batches through a short queue, so that a second core analyzes while the first
 * parses. Memory stays at one block plus a few batches whatever the trace's size.
 */
public final class TraceFile {
  private static final int BLOCK = 1 << 20;
  private static final int MAX_LINE = 16 << 20;

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
    } catch (IOException e) {
      throw FuzzprofException.data(pathOrDash + ": cannot read: " + e.getMessage());
    }
  }

  public static Result read(
      InputStream in, String name, Consumer<TraceEvent> sink, ArgsPolicy args) {
    try (EventPipe pipe = new EventPipe(sink)) {
      Result result = pipe.run(() -> {
        try {
          return readBlocks(in, name, pipe, args);
        } catch (IOException e) {
          throw FuzzprofException.data(name + ": cannot read: " + e.getMessage());
        }
      });
      return result;
    }
  }

  private static Result readBlocks(
      InputStream in, String name, Consumer<TraceEvent> sink, ArgsPolicy args)
      throws IOException {
    byte[] buf = new byte[BLOCK];
    int filled = in.readNBytes(buf, 0, buf.length);
    long bytes = filled;
    TraceFormat format = TraceFormat.detect(buf, Math.min(filled, 8192));
    if (format == TraceFormat.BINARY) {
      throw FuzzprofException.data(name + " is binary data, not strace or perf trace text");
    }
    LineParser parser = format.parser(sink, args);
    boolean eof = filled < buf.length;
    while (true) {
      int start = 0;
      int limit = filled;
      for (int i = indexOfNewline(buf, 0, limit); i >= 0; i = indexOfNewline(buf, start, limit)) {
        parser.parseLine(buf, start, i);
        start = i + 1;
      }
      int rest = limit - start;
      if (eof) {
        if (rest > 0) {
          parser.parseLine(buf, start, limit);
          parser.markEndsMidLine();
        }
        break;
      }
      if (rest == buf.length) {
        if (buf.length >= MAX_LINE) {
          throw FuzzprofException.data(name + " has a line longer than 16 MB: not a trace");
        }
        buf = Arrays.copyOf(buf, buf.length * 2);
      } else {
        System.arraycopy(buf, start, buf, 0, rest);
      }
      int n = in.readNBytes(buf, rest, buf.length - rest);
      bytes += n;
      filled = rest + n;
      eof = n < buf.length - rest;
    }
    return new Result(format, parser.finish(), bytes);
  }

  private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles
      .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
  private static final long LOW_BITS = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /** Finds the next '\n' eight bytes at a time (the zero-byte trick on {@code word ^ '\n'*8}). */
  static int indexOfNewline(byte[] b, int from, int limit) {
    int i = from;
    for (; i + 8 <= limit; i += 8) {
      long x = (long) LONGS.get(b, i) ^ NEWLINES;
      long found = (x - LOW_BITS) & ~x & HIGH_BITS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < limit; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
