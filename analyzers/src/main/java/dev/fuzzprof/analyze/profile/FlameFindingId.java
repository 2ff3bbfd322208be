package dev.fuzzprof.analyze.profile;

import dev.fuzzprof.analyze.FindingId;

/** Findings of {@code fuzzprof flame}, about where the sampled CPU time went. */
public enum FlameFindingId implements FindingId {
  KERNEL_HEAVY_PROFILE(
      "kernel-heavy-profile",
      "Take the per-case syscalls out of the loop (shared-memory input instead of open/read/close,"
          + " buffers allocated once); fuzzprof analyze on a short strace shows which run per case."),
  FEW_SAMPLES(
      "few-samples",
      "Profile for longer (--duration) or while the target is busy, so the shares rest on more"
          + " samples."),
  PARTIAL_PROFILE(
      "partial-profile",
      "The target ended while it was profiled: the figures cover the time until then.");

  private final String id;
  private final String fix;

  FlameFindingId(String id, String fix) {
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
