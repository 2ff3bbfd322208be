package dev.fuzzprof.event;

/**
 * A process ended: {@code +++ exited with 0 +++}, {@code +++ killed by SIGKILL +++} or
 * {@code +++ superseded by execve in pid N +++}.
 *
 * @param detail the exit status, the signal name, or the pid that superseded this one
 */
public record ExitEvent(int pid, long timeMicros, Kind kind, String detail) implements TraceEvent {

  public enum Kind {
    EXITED,
    KILLED,
    SUPERSEDED
  }
}
