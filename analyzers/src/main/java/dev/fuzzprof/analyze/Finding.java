package dev.fuzzprof.analyze;

/**
 * Something worth changing, found in the data.
 *
 * @param id a stable identifier users can grep and script ({@code file-input}); see
 *     {@link FindingId} and the README's table
 * @param message what was seen, with the figures
 * @param fix one line saying what to change, for this case
 */
public record Finding(String id, Severity severity, String message, String fix) {

  /** A finding with the catalog's fix. */
  public static Finding of(FindingId id, Severity severity, String message) {
    return new Finding(id.id(), severity, message, id.fix());
  }

  /** A finding whose fix depends on the case. */
  public static Finding of(FindingId id, Severity severity, String message, String fix) {
    return new Finding(id.id(), severity, message, fix);
  }
}
