package dev.fuzzprof.parse;

import dev.fuzzprof.event.SyscallEvent;
import dev.fuzzprof.event.TraceEvent;
import java.util.function.Consumer;

/**
 * Parses {@code perf trace} text: {@code 1.564 ( 0.020 ms): comm/tid openat(dfd: CWD, ...) = 3}.
 * A call still running when another thread printed ends in {@code ...} with a blank duration; its
 * end comes later as {@code ... [continued]: wait4()) = 2640}, and the two become one event.
 * Timestamps are milliseconds since perf started.
 */
public final class PerfTraceParser extends SyscallTextParser {
  private static final String CONTINUED = "... [continued]: ";

  public PerfTraceParser(Consumer<TraceEvent> sink) {
    super(sink);
  }

  /** Hands unjoined pieces to {@code out}; for parsing blocks of a trace in parallel. */
  public PerfTraceParser(ParseOutput out) {
    super(out);
  }

  @Override
  public void parseLine(byte[] b, int start, int end) {
    count.lines++;
    end = Bytes.trimEnd(b, start, end);
    int p = Bytes.skipSpaces(b, start, end);
    if (p == end) {
      return;
    }
    long time = TraceEvent.NO_TIME;
    if (b[p] == '?') {
      p++;
    } else {
      long[] ms = new long[1];
      int q = millis(b, p, end, ms);
      if (q < 0) {
        count.skip(b, start, end);
        return;
      }
      time = ms[0];
      p = q;
    }
    p = Bytes.skipSpaces(b, p, end);
    if (p >= end || b[p] != '(') {
      count.skip(b, start, end);
      return;
    }
    int closeDur = Bytes.indexOf(b, p, end, "): ");
    if (closeDur < 0) {
      count.skip(b, start, end);
      return;
    }
    long duration = -1;
    int d = Bytes.skipSpaces(b, p + 1, closeDur);
    if (d < closeDur && Bytes.isDigit(b[d])) {
      long[] ms = new long[1];
      if (millis(b, d, closeDur, ms) > 0) {
        duration = ms[0];
      }
    }
    // comm/tid: the comm may itself contain '/', so take the tid after the last '/' before the
    // syscall name. perf leaves the column out when it traces a single task (-p PID).
    int who = closeDur + 3;
    if (Bytes.startsWith(b, Bytes.skipSpaces(b, who, end), end, CONTINUED)) {
      continued(b, start, Bytes.skipSpaces(b, who, end) + CONTINUED.length(), end,
          TraceEvent.UNKNOWN_PID, time, duration);
      return;
    }
    int slash = -1;
    int q = who;
    while (q < end && b[q] != ' ' && b[q] != '(') {
      if (b[q] == '/') {
        slash = q;
      }
      q++;
    }
    int tid;
    if (q < end && b[q] == '(' && slash < 0) {
      tid = TraceEvent.UNKNOWN_PID;
      q = who;
    } else {
      while (q < end && b[q] != ' ') {
        if (b[q] == '/') {
          slash = q;
        }
        q++;
      }
      if (slash < 0) {
        count.skip(b, start, end);
        return;
      }
      int tidEnd = Bytes.skipDigits(b, slash + 1, q);
      if (tidEnd == slash + 1) {
        count.skip(b, start, end);
        return;
      }
      tid = (int) Bytes.digits(b, slash + 1, tidEnd);
    }
    int s = Bytes.skipSpaces(b, q, end);
    if (Bytes.startsWith(b, s, end, CONTINUED)) {
      continued(b, start, s + CONTINUED.length(), end, tid, time, duration);
      return;
    }
    int n = s;
    while (n < end && (Character.isLetterOrDigit(b[n]) || b[n] == '_')) {
      n++;
    }
    if (n == s || n >= end || b[n] != '(') {
      count.skip(b, start, end);
      return;
    }
    String name = names.intern(b, s, n);
    int close = StraceParser.closingParen(b, n + 1, end);
    if (close < 0) {
      count.skip(b, start, end);
      return;
    }
    String args = Bytes.latin1(b, n + 1, close);
    int after = Bytes.skipSpaces(b, close + 1, end);
    if (Bytes.startsWith(b, after, end, "...") && after + 3 == end) {
      unfinished(tid, time, name, args);
      return;
    }
    result(b, start, after, end, tid, time, name, args, duration, false);
  }

  private void continued(byte[] b, int start, int p, int end, int tid, long time, long duration) {
    int n = p;
    while (n < end && (Character.isLetterOrDigit(b[n]) || b[n] == '_')) {
      n++;
    }
    if (n == p || n >= end || b[n] != '(') {
      count.skip(b, start, end);
      return;
    }
    String name = names.intern(b, p, n);
    int close = StraceParser.closingParen(b, n + 1, end);
    if (close < 0) {
      count.skip(b, start, end);
      return;
    }
    // "wait4())": the call's own parentheses, then the one that perf adds
    int after = close + 1 < end && b[close + 1] == ')' ? close + 2 : close + 1;
    result(b, start, Bytes.skipSpaces(b, after, end), end, tid, time, name, "", duration, true);
  }

  private void result(byte[] b, int start, int p, int end, int tid, long time, String name,
      String args, long dur, boolean isContinued) {
    if (p >= end || b[p] != '=') {
      count.skip(b, start, end);
      return;
    }
    int r = Bytes.skipSpaces(b, p + 1, end);
    // "= " alone: perf printed no value (a clone's child side)
    Bytes.Number result = Bytes.number(b, r, end);
    r = Bytes.skipSpaces(b, result.next(), end);
    int e = Bytes.errnoEnd(b, r, end);
    String errno = e > r ? names.intern(b, r, e) : null;
    SyscallEvent call =
        new SyscallEvent(tid, time, name, args, result.present(), result.value(), errno, dur);
    if (isContinued) {
      resumed(call);
    } else {
      emit(call);
    }
  }

  /** Parses {@code 12.345} (milliseconds) into microseconds; returns the index after it, or -1. */
  private static int millis(byte[] b, int p, int end, long[] out) {
    int q = Bytes.skipDigits(b, p, end);
    if (q == p) {
      return -1;
    }
    long whole = Bytes.digits(b, p, q);
    long frac = 0;
    if (q < end && b[q] == '.') {
      int f = Bytes.skipDigits(b, q + 1, end);
      // fraction of a millisecond: three digits are microseconds
      frac = Bytes.fractionMicros(b, q + 1, f) / 1000;
      q = f;
    }
    out[0] = whole * 1000 + frac;
    return q;
  }
}
