package dev.fuzzprof.analyze.launch;

import java.util.Locale;

/** How the instances of a campaign differ from each other. */
public enum Mix {
  /** Every instance with the same options (the fair setting for a scaling curve). */
  PLAIN,
  /**
   * AFL++'s guidance for parallel secondaries: different power schedules, MOpt on about one in
   * ten, trimming off on about six in ten, CMPLOG on one or two when a CMPLOG build is given.
   */
  DIVERSE;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
