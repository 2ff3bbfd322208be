package dev.fuzzprof.analyze;

import java.util.Locale;

/**
 * How a fuzz target runs its cases: one type for {@code analyze} (from a trace) and
 * {@code attach} (from the live processes), so the two name a target the same way.
 */
public enum Mode {
  /** One process loops over cases and stops itself with SIGSTOP after each (__AFL_LOOP). */
  PERSISTENT,
  /** Persistent, and the input arrives without any read per case (shared memory). */
  SHMEM,
  /** A new process per case, forked from a fork server. */
  FORKSERVER,
  /** A new process per case that execs the target. */
  EXEC,
  /** A process with no case boundary seen: no fork server, no self-stop. */
  PLAIN,
  /** No repeating case found. */
  UNKNOWN,
  /** In-process: libFuzzer calls LLVMFuzzerTestOneInput once per input, no fork, no signal. */
  LIBFUZZER;

  /** Persistent with or without shared-memory input: one process runs many cases. */
  public boolean persistent() {
    return this == PERSISTENT || this == SHMEM;
  }

  /** A new process for every case. */
  public boolean processPerCase() {
    return this == FORKSERVER || this == EXEC;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
