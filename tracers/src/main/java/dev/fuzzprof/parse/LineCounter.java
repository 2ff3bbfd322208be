package dev.fuzzprof.parse;

import java.util.ArrayList;
import java.util.List;

/** Line bookkeeping shared by the parsers: counts, and the first few lines that were skipped. */
final class LineCounter {
  private static final int EXAMPLES = 3;
  long lines;
  long skipped;
  boolean endsMidLine;
  private final List<String> examples = new ArrayList<>(EXAMPLES);

  void skip(byte[] b, int start, int end) {
    skipped++;
    if (examples.size() < EXAMPLES) {
      examples.add(Bytes.latin1(b, start, Math.min(end, start + 120)));
    }
  }

  /** Adds a later block's counts to these. */
  void add(LineCounter later) {
    lines += later.lines;
    skipped += later.skipped;
    endsMidLine |= later.endsMidLine;
    for (String e : later.examples) {
      if (examples.size() < EXAMPLES) {
        examples.add(e);
      }
    }
  }

  ParseStats stats(long events, long unfinishedAtEnd) {
    return new ParseStats(lines, events, skipped, examples, unfinishedAtEnd, endsMidLine);
  }
}
