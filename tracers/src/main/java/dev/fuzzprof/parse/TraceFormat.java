package dev.fuzzprof.parse;

import dev.fuzzprof.event.TraceEvent;
import java.util.function.Consumer;

/** The kinds of trace text fuzzprof reads, and how to tell them apart from a file's first bytes. */
public enum TraceFormat {
  STRACE,
  PERF_TRACE,
  /** Not text: NUL bytes or mostly control characters. */
  BINARY;

  public LineParser parser(Consumer<TraceEvent> sink) {
    return parser(sink, ArgsPolicy.ALL);
  }

  public LineParser parser(Consumer<TraceEvent> sink, ArgsPolicy args) {
    return switch (this) {
      case STRACE -> new StraceParser(sink, args);
      case PERF_TRACE -> new PerfTraceParser(sink);
      case BINARY -> throw new IllegalStateException("binary input has no parser");
    };
  }

  /** Decides from the first bytes of the input (a few kilobytes are plenty). */
  public static TraceFormat detect(byte[] head, int len) {
    int control = 0;
    for (int i = 0; i < len; i++) {
      int c = head[i] & 0xff;
      if (c == 0) {
        return BINARY;
      }
      if (c < 0x09 || (c > 0x0d && c < 0x20) || c == 0x7f) {
        control++;
      }
    }
    if (len > 0 && control * 20 > len) {
      return BINARY;
    }
    int lines = 0;
    int perf = 0;
    int start = 0;
    for (int i = 0; i <= len && lines < 20; i++) {
      if (i == len || head[i] == '\n') {
        if (i > start) {
          lines++;
          if (looksLikePerfTrace(head, start, i)) {
            perf++;
          }
        }
        start = i + 1;
      }
    }
    return perf > 0 && perf * 2 >= lines ? PERF_TRACE : STRACE;
  }

  /** {@code <spaces>1.234 ( 0.012 ms): } or {@code <spaces>? ( ): }. */
  private static boolean looksLikePerfTrace(byte[] b, int p, int end) {
    p = Bytes.skipSpaces(b, p, end);
    if (p < end && b[p] == '?') {
      p++;
    } else {
      int q = Bytes.skipDigits(b, p, end);
      if (q == p || q >= end || b[q] != '.') {
        return false;
      }
      p = Bytes.skipDigits(b, q + 1, end);
    }
    p = Bytes.skipSpaces(b, p, end);
    return p < end && b[p] == '(' && Bytes.indexOf(b, p, Math.min(end, p + 24), "): ") > 0;
  }
}
