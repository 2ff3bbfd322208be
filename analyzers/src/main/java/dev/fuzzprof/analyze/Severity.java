package dev.fuzzprof.analyze;

import java.util.Locale;

/** How much a finding matters for the campaign's speed. */
public enum Severity {
  HIGH,
  MEDIUM,
  LOW,
  INFO;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
