package dev.fuzzprof.parse.proc;

/**
 * One {@code cpu} line of /proc/stat, in USER_HZ ticks.
 *
 * @param cpu the CPU number, or -1 for the machine-wide {@code cpu} line
 */
public record CpuTicks(
    int cpu, long user, long nice, long system, long idle, long iowait, long irq, long softirq,
    long steal) {

  public long userAll() {
    return user + nice;
  }

  /** Kernel time: system calls plus interrupt handling. */
  public long systemAll() {
    return system + irq + softirq;
  }

  public long idleAll() {
    return idle + iowait;
  }

  public long total() {
    return userAll() + systemAll() + idleAll() + steal;
  }

  /** This minus an earlier reading of the same CPU. */
  public CpuTicks minus(CpuTicks earlier) {
    return new CpuTicks(cpu, user - earlier.user, nice - earlier.nice, system - earlier.system,
        idle - earlier.idle, iowait - earlier.iowait, irq - earlier.irq,
        softirq - earlier.softirq, steal - earlier.steal);
  }
}
