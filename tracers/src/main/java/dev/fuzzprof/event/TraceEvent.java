package dev.fuzzprof.event;

/**
 * One thing a syscall tracer reported about one process: a syscall, a signal, an exit, or the
 * tracer attaching or detaching. Events are immutable and carry the pid they belong to.
 *
 * <p>{@code pid} is {@link #UNKNOWN_PID} when the trace has no pid column (strace without
 * {@code -f}); {@code timeMicros} is {@link #NO_TIME} when the trace has no timestamps.
 */
public sealed interface TraceEvent permits SyscallEvent, SignalEvent, ExitEvent, TracerEvent {
  int UNKNOWN_PID = 0;
  long NO_TIME = Long.MIN_VALUE;

  int pid();

  long timeMicros();
}
