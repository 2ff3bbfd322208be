package dev.fuzzprof.parse;

import dev.fuzzprof.event.SyscallEvent;
import dev.fuzzprof.event.TraceEvent;

/**
 * Where a parser puts what it reads from each line. A line is parsed on its own: a call that
 * another process interrupted comes as two pieces, {@link #unfinished} and later
 * {@link #resumed}, and {@link CallJoiner} makes them one event again. Keeping the parse of a
 * line free of the lines around it is what lets blocks of a trace be parsed in parallel.
 */
public interface ParseOutput {
  void event(TraceEvent e);

  /** {@code name(args <unfinished ...>}: the call started at {@code timeMicros}. */
  void unfinished(int pid, long timeMicros, String name, String args);

  /**
   * {@code <... name resumed>rest) = result}: the end of a call, stamped with the time of this
   * line and carrying the arguments printed after {@code resumed>}.
   */
  void resumed(SyscallEvent end);
}
