package dev.fuzzprof.service;

import dev.fuzzprof.acquire.sys.Posix;
import dev.fuzzprof.acquire.sys.PrivilegeCheck;
import dev.fuzzprof.parse.sys.Privileges;
import java.util.Optional;

/** Facts about this machine that every command reads the same way, once. */
public final class SystemFacts {
  private SystemFacts() {}

  /**
   * The pre-flight check before perf counts tracepoints: why it may not here (the one setting
   * or capability that would allow it), empty when it may or when that cannot be told (then
   * perf tries and says).
   */
  public static Optional<String> whyNoPerf() {
    try {
      Privileges p = PrivilegeCheck.live();
      return p.canCountTracepoints() ? Optional.empty() : p.whyNoPerf();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** USER_HZ, the unit of /proc's CPU times: sysconf(_SC_CLK_TCK), asked once per run. */
  public static long userHz() {
    return Posix.clockTicks();
  }
}
