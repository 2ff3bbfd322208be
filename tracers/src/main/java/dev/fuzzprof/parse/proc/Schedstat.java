package dev.fuzzprof.parse.proc;

/**
 * /proc/PID/schedstat: time on a CPU, time waiting on a run queue (nanoseconds), and the number
 * of time slices.
 */
public record Schedstat(long runNanos, long waitNanos, long slices) {

  public Schedstat minus(Schedstat earlier) {
    return new Schedstat(runNanos - earlier.runNanos, waitNanos - earlier.waitNanos,
        slices - earlier.slices);
  }
}
