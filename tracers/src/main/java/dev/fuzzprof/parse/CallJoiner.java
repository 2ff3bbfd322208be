package dev.fuzzprof.parse;

import dev.fuzzprof.event.ExitEvent;
import dev.fuzzprof.event.SyscallEvent;
import dev.fuzzprof.event.TraceEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Joins each unfinished call with the line that ends it, in trace order, and hands finished
 * events on. A call whose process exits, or that the trace leaves hanging, still happened: it is
 * handed on without a result.
 */
public final class CallJoiner implements ParseOutput {
  private record Pending(long timeMicros, String name, String args) {}

  private final Consumer<TraceEvent> sink;
  private final Map<Integer, Pending> pending = new HashMap<>();
  private long events;

  public CallJoiner(Consumer<TraceEvent> sink) {
    this.sink = sink;
  }

  @Override
  public void event(TraceEvent e) {
    if (e instanceof ExitEvent x) {
      flush(x.pid());
    }
    events++;
    sink.accept(e);
  }

  @Override
  public void unfinished(int pid, long timeMicros, String name, String args) {
    Pending old = pending.put(pid, new Pending(timeMicros, name, args));
    if (old != null) {
      handOn(pid, old);
    }
  }

  @Override
  public void resumed(SyscallEvent end) {
    Pending start = pending.remove(end.pid());
    if (start != null && !start.name().equals(end.name())) {
      handOn(end.pid(), start);
      start = null;
    }
    SyscallEvent whole = end;
    if (start != null) {
      String rest = end.args().stripLeading();
      String args = start.args().isEmpty() ? rest
          : rest.isEmpty() ? start.args() : start.args() + " " + rest;
      whole = new SyscallEvent(end.pid(), start.timeMicros(), end.name(), args, end.hasResult(),
          end.result(), end.errno(), end.durationMicros());
    }
    events++;
    sink.accept(whole);
  }

  private void flush(int pid) {
    Pending p = pending.remove(pid);
    if (p != null) {
      handOn(pid, p);
    }
  }

  private void handOn(int pid, Pending p) {
    events++;
    sink.accept(new SyscallEvent(pid, p.timeMicros(), p.name(), p.args(), false, 0, null, -1));
  }

  /** Events handed on so far. */
  public long events() {
    return events;
  }

  /** Ends the input: hands on the calls still unfinished and returns how many there were. */
  public long finish() {
    long left = pending.size();
    pending.forEach(this::handOn);
    pending.clear();
    return left;
  }
}
