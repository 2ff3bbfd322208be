package dev.fuzzprof.event;

/** The tracer's own news about a process: {@code strace: Process N attached} or detached. */
public record TracerEvent(int pid, long timeMicros, Kind kind) implements TraceEvent {

  public enum Kind {
    ATTACHED,
    DETACHED
  }
}
