package dev.fuzzprof.parse;

import dev.fuzzprof.event.SyscallEvent;
import dev.fuzzprof.event.TraceEvent;
import java.util.function.Consumer;

/**
 * What the strace and perf trace parsers share: where their output goes, the names they intern
 * and the lines they count. Used line by line with a consumer of events, a parser joins
 * interrupted calls itself; used on blocks of a trace ({@link ParallelLineParser}), it hands the
 * pieces on and the joining is done once, in order, afterwards.
 */
abstract class SyscallTextParser implements LineParser {
  private ParseOutput out;
  private final CallJoiner ownJoiner;
  final NameTable names = new NameTable();
  LineCounter count = new LineCounter();

  /** Line by line: events, joined, go to {@code sink}. */
  SyscallTextParser(Consumer<TraceEvent> sink) {
    this.ownJoiner = new CallJoiner(sink);
    this.out = ownJoiner;
  }

  /** Pieces go to {@code out} unjoined; see {@link ParallelLineParser}. */
  SyscallTextParser(ParseOutput out) {
    this.ownJoiner = null;
    this.out = out;
  }

  final void emit(TraceEvent e) {
    out.event(e);
  }

  final void unfinished(int pid, long time, String name, String args) {
    out.unfinished(pid, time, name, args);
  }

  final void resumed(SyscallEvent end) {
    out.resumed(end);
  }

  /** Sends what follows to another output (the next block's). */
  final void redirect(ParseOutput next) {
    out = next;
  }

  /** The line counts so far, and a fresh count from here on. */
  final LineCounter takeCount() {
    LineCounter c = count;
    count = new LineCounter();
    return c;
  }

  @Override
  public final void markEndsMidLine() {
    count.endsMidLine = true;
  }

  @Override
  public final ParseStats finish() {
    long left = ownJoiner == null ? 0 : ownJoiner.finish();
    long events = ownJoiner == null ? 0 : ownJoiner.events();
    return count.stats(events, left);
  }
}
