package dev.fuzzprof.analyze.scaling;

import dev.fuzzprof.analyze.FindingId;

/** Findings of {@code fuzzprof scaling-report}: are all cores used, and does it scale. */
public enum ScalingFindingId implements FindingId {
  AFFINITY_COLLISION(
      "affinity-collision",
      "Give each instance a CPU of its own: export AFL_NO_AFFINITY=1 and start each with"
          + " taskset -c N afl-fuzz ... (or afl-fuzz -b N), one N per instance."),
  SMT_CONTENTION(
      "smt-contention",
      "Fill one hardware thread per core first (taskset -c on the first sibling of each core);"
          + " add the siblings only if the cumulative execs/s still rises."),
  IDLE_CORES(
      "idle-cores",
      "Start one more instance per idle CPU: taskset -c N afl-fuzz -S sN -i- -o OUT -- TARGET"
          + " (AFL_NO_AFFINITY=1), or move a collided instance there."),
  OVERSUBSCRIBED(
      "oversubscribed",
      "Run at most one busy instance per CPU: stop the extra instances (fewer, pinned"
          + " instances do more execs/s than many that wait for a CPU)."),
  KERNEL_HEAVY(
      "kernel-heavy",
      "Find the per-case system calls: fuzzprof analyze on a 1 s strace -f of one target;"
          + " use persistent mode (__AFL_LOOP) and shared-memory input (__AFL_FUZZ_TESTCASE_BUF)."),
  SCALING_BELOW_LINEAR(
      "scaling-below-linear",
      "Fix the collisions and kernel time above first, then re-measure against a pinned"
          + " single-instance run: --baseline-dir OUT_OF_THAT_RUN."),
  DEAD_INSTANCE(
      "dead-instance",
      "Restart it with the same name and output dir: AFL_AUTORESUME=1 afl-fuzz -S NAME -o OUT"
          + " ... (its queue is kept); check its last lines of output for why it stopped."),
  STALE_STATS(
      "stale-stats",
      "A live afl-fuzz rewrites fuzzer_stats every minute: check that it is not stopped"
          + " (State T in /proc/PID/status) or stuck on a hang, and that the disk is not full."),
  LOW_STABILITY(
      "low-stability",
      "Make the target deterministic (reset global state per case, seed RNGs, no threads or"
          + " time); AFL_DEBUG=1 afl-showmap twice on one input shows the unstable edges."),
  SLOW_INSTANCE(
      "slow-instance",
      "Check where it runs (the cpus column) and its own options (-c cmplog, -p schedule,"
          + " dictionaries); restart it pinned to a free CPU.");

  private final String id;
  private final String fix;

  ScalingFindingId(String id, String fix) {
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
