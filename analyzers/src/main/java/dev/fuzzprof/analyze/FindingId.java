package dev.fuzzprof.analyze;

/**
 * A kind of finding. Ids are a public interface: users grep and script them, the README documents
 * each one, and a test checks that it does. Never rename an id; add a new one instead. Each
 * feature keeps its ids in an enum of its own; {@link FindingIds} lists them all.
 */
public interface FindingId {
  /** The stable identifier, lower case with dashes: {@code file-input}. */
  String id();

  /** One line saying what to change. */
  String fix();
}
