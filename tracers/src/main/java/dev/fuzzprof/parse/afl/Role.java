package dev.fuzzprof.parse.afl;

import java.util.Locale;

/** How an instance was started: afl-fuzz {@code -M}, {@code -S}, alone, a libFuzzer job, or unknown. */
public enum Role {
  MAIN("-M"),
  SECONDARY("-S"),
  SINGLE(""),
  /** A libFuzzer job of {@code -jobs}: all jobs are alike (no main). */
  JOB(""),
  /** No command line to tell. */
  UNKNOWN("");

  private final String flag;

  Role(String flag) {
    this.flag = flag;
  }

  /** The afl-fuzz option that gives this role, empty for none. */
  public String flag() {
    return flag;
  }

  /** The JSON and text word: {@code main}, {@code secondary}, {@code single}, {@code unknown}. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
