package dev.fuzzprof.parse;

/**
 * Turns lines of a tracer's text output into events, one line at a time, without I/O. A line is
 * given as a slice of a byte array without its line end, so that the caller can hand over a
 * large read buffer without copying. Parsers keep only the state the format needs (calls that
 * are unfinished), so memory does not grow with the trace.
 */
public interface LineParser {

  void parseLine(byte[] buf, int start, int end);

  /** Marks that the last line handed over had no line end. */
  void markEndsMidLine();

  /** Ends the input and flushes whatever the format left pending. */
  ParseStats finish();

  /** Convenience for tests and small inputs: parses a whole text, line by line. */
  default ParseStats parseText(String text) {
    byte[] b = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    int start = 0;
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '\n') {
        parseLine(b, start, i);
        start = i + 1;
      }
    }
    if (start < b.length) {
      parseLine(b, start, b.length);
      markEndsMidLine();
    }
    return finish();
  }
}
