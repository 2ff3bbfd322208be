package dev.fuzzprof.parse;

import dev.fuzzprof.event.ExitEvent;
import dev.fuzzprof.event.SignalEvent;
import dev.fuzzprof.event.SyscallEvent;
import dev.fuzzprof.event.TraceEvent;
import dev.fuzzprof.event.TracerEvent;
import java.util.function.Consumer;

/**
 * Parses strace's text output, whatever flags made it: no prefix, {@code [pid N]} or a bare pid
 * column ({@code -o} with {@code -f}); {@code -t}, {@code -tt}, {@code -ttt} or no timestamps;
 * {@code -T} durations; {@code -y} paths; signals, exits and strace's own attach lines. An
 * {@code <unfinished ...>} call is held until its {@code <... resumed>} line and then handed on
 * as one event.
 */
public final class StraceParser extends SyscallTextParser {
  private static final String UNFINISHED = "<unfinished ...>";

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  private final ArgsPolicy argsPolicy;
  /** The value of the digits that {@link #scanDigits} or {@link #scanMicros} last read. */
  private long scanned;
  /** Per name id: calls seen so far, and whether the policy keeps every call's arguments. */
  private long[] seen = new long[64];
  private byte[] always = new byte[64];

  public StraceParser(Consumer<TraceEvent> sink) {
    this(sink, ArgsPolicy.ALL);
  }

  public StraceParser(Consumer<TraceEvent> sink, ArgsPolicy argsPolicy) {
    super(sink);
    this.argsPolicy = argsPolicy;
  }

  /** Hands unjoined pieces to {@code out}; for parsing blocks of a trace in parallel. */
  public StraceParser(ParseOutput out, ArgsPolicy argsPolicy) {
    super(out);
    this.argsPolicy = argsPolicy;
  }

  /** The argument text of b[p, q), or "" when the policy drops it for this call. */
  private String args(int id, byte[] b, int p, int q) {
    if (argsPolicy.keepsAll()) {
      return Bytes.latin1(b, p, q);
    }
    if (id >= seen.length) {
      seen = java.util.Arrays.copyOf(seen, Math.max(id + 1, seen.length * 2));
      always = java.util.Arrays.copyOf(always, seen.length);
    }
    if (always[id] == 0) {
      // asked once per name: does the policy keep all of them, whatever their number?
      always[id] = (byte) (argsPolicy.keeps(names.name(id), Long.MAX_VALUE) ? 1 : 2);
    }
    long nth = ++seen[id];
    return always[id] == 1 || argsPolicy.keepsNth(nth) ? Bytes.latin1(b, p, q) : "";
  }

  @Override
  public void parseLine(byte[] b, int start, int end) {
    count.lines++;
    end = Bytes.trimEnd(b, start, end);
    int p = start;
    if (p == end) {
      return;
    }
    int pid = TraceEvent.UNKNOWN_PID;
    if (Bytes.startsWith(b, p, end, "[pid")) {
      int q = Bytes.skipSpaces(b, p + 4, end);
      int r = Bytes.skipDigits(b, q, end);
      if (r == q) {
        count.skip(b, start, end);
        return;
      }
      pid = (int) Bytes.digits(b, q, r);
      r = skipComm(b, r, end);
      if (r >= end || b[r] != ']') {
        count.skip(b, start, end);
        return;
      }
      p = Bytes.skipSpaces(b, r + 1, end);
    } else if (Bytes.startsWith(b, p, end, "strace: ")) {
      tracerLine(b, start, p + 8, end);
      return;
    } else if (Bytes.isDigit(b[p])) {
      int q = scanDigits(b, p, end);
      int r = skipComm(b, q, end);
      if (r < end && b[r] == ' ') {
        pid = (int) scanned;
        p = Bytes.skipSpaces(b, r, end);
      }
    }
    long time = TraceEvent.NO_TIME;
    if (p < end && Bytes.isDigit(b[p])) {
      int q = scanDigits(b, p, end);
      long whole = scanned;
      if (q < end && b[q] == ':') {
        // -t / -tt: HH:MM:SS[.uuuuuu], as microseconds since midnight
        long h = whole;
        int m0 = q + 1;
        int m1 = Bytes.skipDigits(b, m0, end);
        if (m1 >= end || b[m1] != ':') {
          count.skip(b, start, end);
          return;
        }
        int s0 = m1 + 1;
        int s1 = Bytes.skipDigits(b, s0, end);
        time = ((h * 60 + Bytes.digits(b, m0, m1)) * 60 + Bytes.digits(b, s0, s1)) * 1_000_000L;
        q = s1;
        if (q < end && b[q] == '.') {
          int f = Bytes.skipDigits(b, q + 1, end);
          time += Bytes.fractionMicros(b, q + 1, f);
          q = f;
        }
      } else if (q < end && b[q] == '.') {
        // -ttt (epoch) or -r (relative): seconds.fraction
        int f = scanMicros(b, q + 1, end);
        time = whole * 1_000_000L + scanned;
        q = f;
      } else {
        count.skip(b, start, end);
        return;
      }
      p = Bytes.skipSpaces(b, q, end);
    }
    if (p >= end) {
      count.skip(b, start, end);
      return;
    }
    byte c = b[p];
    if (c == '-' && Bytes.startsWith(b, p, end, "--- ")) {
      signalLine(b, start, p + 4, end, pid, time);
    } else if (c == '+' && Bytes.startsWith(b, p, end, "+++ ")) {
      exitLine(b, start, p + 4, end, pid, time);
    } else if (c == '<' && Bytes.startsWith(b, p, end, "<... ")) {
      resumedLine(b, start, p + 5, end, pid, time);
    } else if (c == '<' && Bytes.startsWith(b, p, end, "<detached")) {
      emit(new TracerEvent(pid, time, TracerEvent.Kind.DETACHED));
    } else {
      syscallLine(b, start, p, end, pid, time);
    }
  }

  /**
   * Reads the digits at {@code p} in one pass: returns where they end and leaves their value in
   * {@link #scanned} (what {@code Bytes.skipDigits} then {@code Bytes.digits} would give).
   */
  private int scanDigits(byte[] b, int p, int end) {
    long v = 0;
    int q = p;
    // a word at a time: eight digits, or the digits before the first other byte
    while (q + 8 <= end) {
      long w = (long) LONGS.get(b, q);
      long bad = nonDigits(w);
      if (bad == 0) {
        v = v * 100_000_000L + eightDigits(w);
        q += 8;
        continue;
      }
      int n = Long.numberOfTrailingZeros(bad) >>> 3;
      if (n > 0) {
        v = v * POW10[n] + eightDigits(leadingDigits(w, n));
        q += n;
      }
      scanned = v;
      return q;
    }
    while (q < end) {
      int d = b[q] - '0';
      if (d < 0 || d > 9) {
        break;
      }
      v = v * 10 + d;
      q++;
    }
    scanned = v;
    return q;
  }

  /**
   * Reads fraction digits at {@code p} in one pass: returns where they end and leaves them in
   * {@link #scanned} as microseconds (what {@code Bytes.fractionMicros} would give).
   */
  private int scanMicros(byte[] b, int p, int end) {
    if (p + 8 <= end) {
      // the usual case, one to six digits and then something else, in one word
      long w = (long) LONGS.get(b, p);
      long bad = nonDigits(w);
      int n = Long.numberOfTrailingZeros(bad) >>> 3;
      if (bad != 0 && n > 0 && n <= 6) {
        scanned = eightDigits(leadingDigits(w, n)) * POW10[6 - n];
        return p + n;
      }
    }
    long v = 0;
    int n = 0;
    int q = p;
    while (q < end) {
      int d = b[q] - '0';
      if (d < 0 || d > 9) {
        break;
      }
      if (n < 6) {
        v = v * 10 + d;
        n++;
      }
      q++;
    }
    for (; n < 6; n++) {
      v *= 10;
    }
    scanned = v;
    return q;
  }

  private static final long[] POW10 = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000};
  private static final long ZEROS = 0x3030303030303030L;

  /**
   * Non-zero in the bytes of {@code w} that are not ASCII digits. Exact up to the first such
   * byte (a carry out of a byte of 0xfa or more can mark the next one too), which is all the
   * callers look at.
   */
  private static long nonDigits(long w) {
    return ((w & 0xF0F0F0F0F0F0F0F0L) ^ ZEROS) | (((w + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) ^ ZEROS);
  }

  /** The first {@code n} (1-7) bytes of {@code w}, digits, behind 8 - n zero digits. */
  private static long leadingDigits(long w, int n) {
    return (w << (8 * (8 - n))) | (ZEROS >>> (8 * n));
  }

  private static final long QUOTES = 0x2222222222222222L;
  private static final long OPENS = 0x2828282828282828L;
  private static final long CLOSES = 0x2929292929292929L;
  private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;

  /** Whether any byte of {@code w} is the byte repeated in {@code pattern}. */
  private static boolean hasByte(long w, long pattern) {
    long x = w ^ pattern;
    return ((x - 0x0101010101010101L) & ~x & 0x8080808080808080L) != 0;
  }

  /** The value of eight ASCII digits read as a little-endian word (first digit lowest). */
  private static long eightDigits(long w) {
    long v = w - 0x3030303030303030L;
    v = (v * 10 + (v >>> 8)) & 0x00FF00FF00FF00FFL;
    v = (v * 100 + (v >>> 16)) & 0x0000FFFF0000FFFFL;
    return (v * 10000 + (v >>> 32)) & 0xFFFFFFFFL;
  }

  /** Skips the {@code <comm>} that {@code -Y} prints after a pid. */
  private static int skipComm(byte[] b, int p, int end) {
    if (p < end && b[p] == '<') {
      int q = p + 1;
      while (q < end && b[q] != '>') {
        q++;
      }
      return q < end ? q + 1 : p;
    }
    return p;
  }

  private void syscallLine(byte[] b, int start, int p, int end, int pid, long time) {
    int q = p;
    while (q < end && isNameChar(b[q])) {
      q++;
    }
    if (q == p || q >= end || b[q] != '(') {
      count.skip(b, start, end);
      return;
    }
    int id = names.id(b, p, q);
    String name = names.name(id);
    int argsStart = q + 1;
    if (Bytes.endsWith(b, argsStart, end, UNFINISHED)) {
      int argsEnd = Bytes.trimEnd(b, argsStart, end - UNFINISHED.length());
      unfinished(pid, time, name, Bytes.latin1(b, argsStart, argsEnd));
      return;
    }
    int close = closingParen(b, argsStart, end);
    if (close < 0) {
      count.skip(b, start, end);
      return;
    }
    finishSyscall(
        b, start, close + 1, end, pid, time, name, args(id, b, argsStart, close), false);
  }

  private void resumedLine(byte[] b, int start, int p, int end, int pid, long time) {
    int r = Bytes.indexOf(b, p, end, " resumed>");
    if (r < 0) {
      count.skip(b, start, end);
      return;
    }
    String name = names.intern(b, p, r);
    int rest = r + " resumed>".length();
    int close = closingParen(b, rest, end);
    if (close < 0) {
      count.skip(b, start, end);
      return;
    }
    finishSyscall(b, start, close + 1, end, pid, time, name, Bytes.latin1(b, rest, close), true);
  }

  /** Parses {@code = RESULT [ERRNO (text)] [<duration>]} after the argument list. */
  private void finishSyscall(byte[] b, int start, int p, int end, int pid, long time,
      String name, String args, boolean isResumed) {
    long duration = -1;
    int resultEnd = end;
    if (b[end - 1] == '>') {
      int lt = end - 2;
      while (lt > p && b[lt] != '<') {
        lt--;
      }
      int d = lt + 1;
      int dot = scanDigits(b, d, end);
      long seconds = scanned;
      if (b[lt] == '<' && dot > d && dot < end && b[dot] == '.') {
        int f = scanMicros(b, dot + 1, end);
        if (f == end - 1) {
          duration = seconds * 1_000_000L + scanned;
          resultEnd = Bytes.trimEnd(b, p, lt);
        }
      }
    }
    int eq = Bytes.skipSpaces(b, p, resultEnd);
    if (eq >= resultEnd || b[eq] != '=') {
      count.skip(b, start, end);
      return;
    }
    int r = Bytes.skipSpaces(b, eq + 1, resultEnd);
    Bytes.Number result = Bytes.number(b, r, resultEnd);
    if (!result.present()) {
      if (r >= resultEnd || b[r] != '?') {
        count.skip(b, start, end);
        return;
      }
      r++;
    }
    r = Bytes.skipSpaces(b, result.present() ? result.next() : r, resultEnd);
    int e = Bytes.errnoEnd(b, r, resultEnd);
    String errno = e > r ? names.intern(b, r, e) : null;
    SyscallEvent call = new SyscallEvent(
        pid, time, name, args, result.present(), result.value(), errno, duration);
    if (isResumed) {
      resumed(call);
    } else {
      emit(call);
    }
  }

  private void signalLine(byte[] b, int start, int p, int end, int pid, long time) {
    if (Bytes.startsWith(b, p, end, "stopped by ")) {
      int s = p + "stopped by ".length();
      int q = s;
      while (q < end && isNameChar(b[q])) {
        q++;
      }
      emit(new SignalEvent(pid, time, names.intern(b, s, q), SignalEvent.Kind.STOPPED, -1));
      return;
    }
    int q = p;
    while (q < end && isNameChar(b[q])) {
      q++;
    }
    if (q == p || !Bytes.startsWith(b, p, end, "SIG")) {
      count.skip(b, start, end);
      return;
    }
    int sender = -1;
    int s = Bytes.indexOf(b, q, end, "si_pid=");
    if (s >= 0) {
      int d = s + "si_pid=".length();
      int e = Bytes.skipDigits(b, d, end);
      if (e > d) {
        sender = (int) Bytes.digits(b, d, e);
      }
    }
    emit(new SignalEvent(pid, time, names.intern(b, p, q), SignalEvent.Kind.DELIVERED, sender));
  }

  private void exitLine(byte[] b, int start, int p, int end, int pid, long time) {
    int stop = Bytes.indexOf(b, p, end, " +++");
    int e = stop < 0 ? end : stop;
    ExitEvent.Kind kind;
    int d;
    if (Bytes.startsWith(b, p, e, "exited with ")) {
      kind = ExitEvent.Kind.EXITED;
      d = p + "exited with ".length();
    } else if (Bytes.startsWith(b, p, e, "killed by ")) {
      kind = ExitEvent.Kind.KILLED;
      d = p + "killed by ".length();
      int sp = Bytes.indexOf(b, d, e, " ");
      e = sp < 0 ? e : sp;
    } else if (Bytes.startsWith(b, p, e, "superseded by execve in pid ")) {
      kind = ExitEvent.Kind.SUPERSEDED;
      d = p + "superseded by execve in pid ".length();
    } else {
      count.skip(b, start, end);
      return;
    }
    emit(new ExitEvent(pid, time, kind, Bytes.latin1(b, d, e)));
  }

  private void tracerLine(byte[] b, int start, int p, int end) {
    if (!Bytes.startsWith(b, p, end, "Process ")) {
      count.skip(b, start, end);
      return;
    }
    int d = p + "Process ".length();
    int e = Bytes.skipDigits(b, d, end);
    if (e == d) {
      count.skip(b, start, end);
      return;
    }
    int pid = (int) Bytes.digits(b, d, e);
    if (Bytes.indexOf(b, e, end, "attached") >= 0) {
      emit(new TracerEvent(pid, TraceEvent.NO_TIME, TracerEvent.Kind.ATTACHED));
    } else if (Bytes.indexOf(b, e, end, "detached") >= 0) {
      emit(new TracerEvent(pid, TraceEvent.NO_TIME, TracerEvent.Kind.DETACHED));
    } else {
      count.skip(b, start, end);
    }
  }

  /**
   * Finds the parenthesis closing an argument list that starts at {@code p}, skipping quoted
   * strings (with their escapes) and nested parentheses. Returns -1 if the line ends first.
   */
  static int closingParen(byte[] b, int p, int end) {
    int depth = 1;
    for (int q = p; q < end; q++) {
      // eight bytes at a time past text with no quote and no parenthesis
      while (q + 8 <= end) {
        long w = (long) LONGS.get(b, q);
        if (hasByte(w, QUOTES) || hasByte(w, OPENS) || hasByte(w, CLOSES)) {
          break;
        }
        q += 8;
      }
      if (q >= end) {
        break;
      }
      byte c = b[q];
      if (c == '"') {
        q++;
        while (q + 8 <= end) {
          long w = (long) LONGS.get(b, q);
          if (hasByte(w, QUOTES) || hasByte(w, BACKSLASHES)) {
            break;
          }
          q += 8;
        }
        while (q < end && b[q] != '"') {
          if (b[q] == '\\') {
            q++;
          }
          q++;
        }
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return q;
      }
    }
    return -1;
  }

  private static boolean isNameChar(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (c >= 'A' && c <= 'Z');
  }
}
