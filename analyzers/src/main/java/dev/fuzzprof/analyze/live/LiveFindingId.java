package dev.fuzzprof.analyze.live;

import dev.fuzzprof.analyze.FindingId;

/** Findings of {@code fuzzprof attach}, from a live target (the trace ids apply too). */
public enum LiveFindingId implements FindingId {
  KERNEL_HEAVY(
      "kernel-heavy",
      "Cut the syscalls per case (the per-syscall table says which): shared-memory input,"
          + " persistent mode, buffers allocated once outside the loop."),
  SHARED_CPU(
      "shared-cpu",
      "Give each fuzzer a CPU of its own: move the other busy processes (taskset -cp CPU PID)"
          + " or start afl-fuzz with -b CPU on a free core."),
  PARTIAL_ATTACH(
      "partial-attach",
      "Some figures could not be measured (see missing): install or allow the tool named, or"
          + " attach again while the target runs.");

  private final String id;
  private final String fix;

  LiveFindingId(String id, String fix) {
    this.id = id;
    this.fix = fix;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String fix() {
    return fix;
  }
}
