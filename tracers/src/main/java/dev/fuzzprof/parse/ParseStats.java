package dev.fuzzprof.parse;

import java.util.List;

/**
 * What a parser made of its input: how many lines, how many events, and what it could not read.
 *
 * @param lines lines seen, blank ones included
 * @param events events produced
 * @param skippedLines non-blank lines the parser did not recognise
 * @param skippedExamples the first few skipped lines, cut to 120 characters
 * @param unfinishedAtEnd calls left {@code <unfinished ...>} with no resumption when the input ended
 * @param endsMidLine the input's last line had no line end (the trace was cut)
 */
public record ParseStats(
    long lines,
    long events,
    long skippedLines,
    List<String> skippedExamples,
    long unfinishedAtEnd,
    boolean endsMidLine) {

  public ParseStats {
    skippedExamples = List.copyOf(skippedExamples);
  }

  public boolean complete() {
    return skippedLines == 0 && !endsMidLine;
  }
}
