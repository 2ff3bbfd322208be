package dev.fuzzprof.analyze.campaign;

/**
 * One CPU over an interval, in percent of its time: the one per-core record of every command
 * (attach, top, scaling-report), so their JSON says the same thing with the same keys.
 */
public record CoreUse(
    int cpu, double userPercent, double systemPercent, double idlePercent, double stealPercent) {

  /** User plus system: what ran on it. */
  public double busyPercent() {
    return userPercent + systemPercent;
  }

  /** The kernel's share of what ran, 0-100; null when nothing ran. */
  public Double kernelShare() {
    double b = busyPercent();
    return b <= 0 ? null : 100.0 * systemPercent / b;
  }
}
