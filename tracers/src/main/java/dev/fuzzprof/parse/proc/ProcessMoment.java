package dev.fuzzprof.parse.proc;

/**
 * One process read at one moment: /proc/PID/stat, status and schedstat. The one record for a
 * process at a moment, whichever command reads it.
 *
 * @param status null when it could not be read (the process was going away)
 * @param sched null when schedstat is not available
 */
public record ProcessMoment(PidStat stat, PidStatus status, Schedstat sched) {

  public int pid() {
    return stat.pid();
  }

  /** The same process, not a recycled pid: same pid and the same start time. */
  public boolean sameProcess(ProcessMoment other) {
    return other != null && other.stat.pid() == stat.pid()
        && other.stat.startTime() == stat.startTime();
  }

  /** State T (stopped) or t (traced stop). */
  public boolean stopped() {
    return stat.state() == 'T' || stat.state() == 't';
  }
}
