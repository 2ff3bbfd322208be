package dev.fuzzprof.analyze.campaign;

import java.util.Locale;

/** What an instance is doing, beside the boolean {@code alive}. */
public enum InstanceStatus {
  /** afl-fuzz runs and its files carry a rate. */
  RUNNING,
  /** afl-fuzz runs, its stats carry no rate yet (no file, or run_time under a minute). */
  STARTING,
  /** afl-fuzz runs, but fuzzer_stats has not been rewritten for 5 minutes. */
  STALE,
  /** afl-fuzz is gone (or its pid now belongs to another program). */
  DEAD,
  /** A folder with no fuzzer_stats and no live afl-fuzz: the instance never got going. */
  NEVER_RAN,
  /** fuzzer_pid is not ours to see (another PID namespace) while its files still change. */
  UNKNOWN,
  /** A libFuzzer job whose log says it ended: its runs or time used up, stopped, or crashed. */
  DONE;

  public boolean alive() {
    return this == RUNNING || this == STARTING || this == STALE;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
