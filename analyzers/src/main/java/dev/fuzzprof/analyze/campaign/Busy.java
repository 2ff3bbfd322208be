package dev.fuzzprof.analyze.campaign;

/**
 * The one definition of "busy", for every command. A CPU is busy when it ran something (user or
 * system time) for at least half the interval; the others are idle. An instance is busy when its
 * afl-fuzz and target ran, or waited on a run queue, for at least a fifth of one CPU: an instance
 * that shares its CPU gets little of it, and still wants it.
 */
public final class Busy {
  /** Percent of the interval a CPU ran something. */
  public static final double CPU_PERCENT = 50;
  /** Percent of one CPU an instance ran or waited for. */
  public static final double INSTANCE_PERCENT = 20;

  private Busy() {}

  public static boolean cpu(CoreUse c) {
    return c.busyPercent() >= CPU_PERCENT;
  }

  /** @param wantedPercent ran plus run-queue wait, percent of one CPU; null when unknown */
  public static boolean instance(double cpuPercent, Double wantedPercent) {
    return cpuPercent >= INSTANCE_PERCENT
        || (wantedPercent != null && wantedPercent >= INSTANCE_PERCENT);
  }
}
