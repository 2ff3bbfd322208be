package dev.fuzzprof.event;

/**
 * A signal line: {@code --- SIGSTOP {si_signo=SIGSTOP, ...} ---} (delivered) or
 * {@code --- stopped by SIGSTOP ---} (the process entered a stop).
 *
 * @param signal the signal name, {@code SIGSTOP}
 * @param senderPid {@code si_pid} when the line names one, else -1
 */
public record SignalEvent(int pid, long timeMicros, String signal, Kind kind, int senderPid)
    implements TraceEvent {

  public enum Kind {
    DELIVERED,
    STOPPED
  }
}
