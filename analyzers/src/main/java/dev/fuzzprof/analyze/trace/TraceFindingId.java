package dev.fuzzprof.analyze.trace;

import dev.fuzzprof.analyze.FindingId;

/** Findings of {@code fuzzprof analyze}, about the per-case syscall pattern. */
public enum TraceFindingId implements FindingId {
  NOT_PERSISTENT(
      "not-persistent",
      "Use persistent mode: put the harness body in while (__AFL_LOOP(10000)) { ... } so one"
          + " process runs many cases."),
  FILE_INPUT(
      "file-input",
      "Take the input from shared memory: __AFL_FUZZ_INIT(); then __AFL_FUZZ_TESTCASE_BUF and"
          + " __AFL_FUZZ_TESTCASE_LEN inside the loop (no open/read/close per case)."),
  PER_CASE_ALLOCATION(
      "per-case-allocation",
      "Allocate buffers once outside the loop, or stop glibc handing memory back each case"
          + " (mallopt M_MMAP_THRESHOLD / M_TRIM_THRESHOLD)."),
  UNEXPECTED_SYSCALLS(
      "unexpected-syscalls",
      "Find what makes these calls (fuzzprof flame, or strace -k) and move them out of the"
          + " loop or stub them in the harness."),
  UNSTABLE_PATTERN(
      "unstable-pattern",
      "Cases differ: check which syscalls depend on the input (the per-case column) before"
          + " trusting a single signature."),
  FEW_CASES(
      "few-cases",
      "Record a longer trace (a second or more) so that the figures rest on more cases."),
  NO_CASES(
      "no-cases",
      "Trace the running target with -f for about a second, e.g."
          + " strace -f -ttt -T -o trace.txt -p PID, and analyze that."),
  PARTIAL_TRACE(
      "partial-trace",
      "The figures cover what could be read; re-record the trace if the skipped part matters.");

  private final String id;
  private final String fix;

  TraceFindingId(String id, String fix) {
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
