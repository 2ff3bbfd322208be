package dev.fuzzprof.analyze.compare;

import java.util.Locale;

/** What compare compares, per trial. */
public enum Metric {
  /** Coverage: edges found (a sync dir: its best instance, since they share the queue). */
  EDGES("edges found"),
  /** Corpus entries (a sync dir: its largest instance corpus). */
  CORPUS("corpus entries"),
  /** Executions (a sync dir: all its instances' together). */
  EXECS("executions"),
  /** Saved crashes (a sync dir: all its instances' together); not bugs. */
  CRASHES("saved crashes");

  private final String words;

  Metric(String words) {
    this.words = words;
  }

  /** What the value counts, in a few words: {@code edges found}. */
  public String words() {
    return words;
  }

  /** Edges and corpus are shared through the sync dir; execs and crashes add up. */
  boolean shared() {
    return this == EDGES || this == CORPUS;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
