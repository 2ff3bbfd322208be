package dev.fuzzprof.parse;

import dev.fuzzprof.event.SyscallEvent;
import dev.fuzzprof.event.TraceEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the strace and perf trace parsers share: handing events on, counting lines, and holding
 * calls that another process interrupted until their end is printed.
 */
abstract class SyscallTextParser implements LineParser {
  /** A call printed as unfinished, waiting for the line that ends it. */
  record Pending(long timeMicros, String name, String args) {}

  private final Consumer<TraceEvent> sink;
  private final Map<Integer, Pending> unfinished = new HashMap<>();
  final NameTable names = new NameTable();
  final LineCounter count = new LineCounter();

  SyscallTextParser(Consumer<TraceEvent> sink) {
    this.sink = sink;
  }

  final void emit(TraceEvent e) {
    count.events++;
    sink.accept(e);
  }

  /** Holds a call of {@code pid}; one it already held never ended and is handed on as it is. */
  final void hold(int pid, Pending p) {
    Pending old = unfinished.put(pid, p);
    if (old != null) {
      emitUnfinished(pid, old);
    }
  }

  /**
   * Takes the call {@code pid} held if it is {@code name}; one of another name never ended and is
   * handed on as it is. Returns null when nothing matching was held.
   */
  final Pending take(int pid, String name) {
    Pending p = unfinished.remove(pid);
    if (p != null && !p.name().equals(name)) {
      emitUnfinished(pid, p);
      return null;
    }
    return p;
  }

  /** A call that never resumed (the process exited or the trace ended) still happened. */
  final void flush(int pid) {
    Pending p = unfinished.remove(pid);
    if (p != null) {
      emitUnfinished(pid, p);
    }
  }

  private void emitUnfinished(int pid, Pending p) {
    emit(new SyscallEvent(pid, p.timeMicros(), p.name(), p.args(), false, 0, null, -1));
  }

  @Override
  public final void markEndsMidLine() {
    count.endsMidLine = true;
  }

  @Override
  public final ParseStats finish() {
    long left = unfinished.size();
    unfinished.forEach(this::emitUnfinished);
    unfinished.clear();
    return count.stats(left);
  }
}
