package dev.fuzzprof.event;

/**
 * A finished syscall. An {@code <unfinished ...>} line and its {@code <... resumed>} line are
 * joined into one event, stamped with the time the call started.
 *
 * @param name syscall name as the tracer printed it ({@code openat}, {@code tgkill})
 * @param args the argument text between the parentheses, possibly cut short by the tracer
 * @param result the return value; meaningless when {@code hasResult} is false ({@code = ?})
 * @param errno the error name ({@code ENOENT}) when the call failed, else null
 * @param durationMicros time spent in the call ({@code strace -T}, perf trace), or -1
 */
public record SyscallEvent(
    int pid,
    long timeMicros,
    String name,
    String args,
    boolean hasResult,
    long result,
    String errno,
    long durationMicros)
    implements TraceEvent {

  public boolean failed() {
    return errno != null;
  }

  public boolean hasDuration() {
    return durationMicros >= 0;
  }
}
