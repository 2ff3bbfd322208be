package dev.fuzzprof.analyze.doctor;

import java.util.Locale;

/**
 * One line of the doctor's list.
 *
 * @param name what is checked, in a few words ({@code core_pattern})
 * @param source what was read ({@code /proc/sys/kernel/core_pattern})
 * @param value what it said
 * @param findingId the finding it gave, or null
 */
public record Check(String name, String source, String value, Status status, String findingId) {

  /** How a check came out. */
  public enum Status {
    OK,
    FINDING,
    NOT_APPLICABLE;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  static Check ok(String name, String source, String value) {
    return new Check(name, source, value, Status.OK, null);
  }

  static Check notApplicable(String name, String source, String value) {
    return new Check(name, source, value, Status.NOT_APPLICABLE, null);
  }

  static Check finding(String name, String source, String value, String id) {
    return new Check(name, source, value, Status.FINDING, id);
  }
}
