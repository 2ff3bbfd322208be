package dev.fuzzprof.service;

import dev.fuzzprof.acquire.sys.Posix;

/** Facts about this machine that every command reads the same way, once. */
public final class SystemFacts {
  private SystemFacts() {}

  /** USER_HZ, the unit of /proc's CPU times: sysconf(_SC_CLK_TCK), asked once per run. */
  public static long userHz() {
    return Posix.clockTicks();
  }
}
