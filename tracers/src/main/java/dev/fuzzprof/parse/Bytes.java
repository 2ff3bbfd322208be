package dev.fuzzprof.parse;

import java.nio.charset.StandardCharsets;

/** Small helpers for scanning ASCII text held in a byte array. Package-private on purpose. */
final class Bytes {
  private Bytes() {}

  static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  static boolean startsWith(byte[] b, int p, int end, String prefix) {
    int n = prefix.length();
    if (end - p < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (b[p + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static boolean endsWith(byte[] b, int start, int end, String suffix) {
    int n = suffix.length();
    return end - start >= n && startsWith(b, end - n, end, suffix);
  }

  static int skipSpaces(byte[] b, int p, int end) {
    while (p < end && b[p] == ' ') {
      p++;
    }
    return p;
  }

  static int skipDigits(byte[] b, int p, int end) {
    while (p < end && isDigit(b[p])) {
      p++;
    }
    return p;
  }

  /** Index of {@code needle} in b[from, end), or -1. */
  static int indexOf(byte[] b, int from, int end, String needle) {
    int n = needle.length();
    byte first = (byte) needle.charAt(0);
    outer:
    for (int i = from; i <= end - n; i++) {
      if (b[i] != first) {
        continue;
      }
      for (int k = 1; k < n; k++) {
        if (b[i + k] != needle.charAt(k)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Parses unsigned decimal digits in b[p, q); the caller has checked they are digits. */
  static long digits(byte[] b, int p, int q) {
    long v = 0;
    for (int i = p; i < q; i++) {
      v = v * 10 + (b[i] - '0');
    }
    return v;
  }

  /** Fraction digits after a decimal point as microseconds (".354022" -> 354022, ".5" -> 500000). */
  static long fractionMicros(byte[] b, int p, int q) {
    long v = 0;
    int n = 0;
    for (int i = p; i < q && n < 6; i++, n++) {
      v = v * 10 + (b[i] - '0');
    }
    for (; n < 6; n++) {
      v *= 10;
    }
    return v;
  }

  static String latin1(byte[] b, int p, int q) {
    return q <= p ? "" : new String(b, p, q - p, StandardCharsets.ISO_8859_1);
  }

  static int trimEnd(byte[] b, int start, int end) {
    while (end > start && (b[end - 1] == ' ' || b[end - 1] == '\r' || b[end - 1] == '\t')) {
      end--;
    }
    return end;
  }

  /** A return value as tracers print it: decimal or 0x-hex, with a minus sign or not. */
  record Number(boolean present, long value, int next) {}

  /** Parses a number at {@code p}; {@code present} is false (and next == p) when there is none. */
  static Number number(byte[] b, int p, int end) {
    boolean negative = p < end && b[p] == '-';
    int d = negative ? p + 1 : p;
    long value = 0;
    int q;
    if (startsWith(b, d, end, "0x")) {
      q = d + 2;
      while (q < end && Character.digit(b[q], 16) >= 0) {
        value = (value << 4) | Character.digit(b[q], 16);
        q++;
      }
      if (q == d + 2) {
        return new Number(false, 0, p);
      }
    } else {
      q = skipDigits(b, d, end);
      if (q == d) {
        return new Number(false, 0, p);
      }
      value = digits(b, d, q);
    }
    return new Number(true, negative ? -value : value, q);
  }

  /** The end of an errno name ({@code ENOENT}) starting at {@code p}, or p if there is none. */
  static int errnoEnd(byte[] b, int p, int end) {
    if (p >= end || b[p] != 'E') {
      return p;
    }
    int q = p;
    while (q < end && ((b[q] >= 'A' && b[q] <= 'Z') || (b[q] >= '0' && b[q] <= '9') || b[q] == '_')) {
      q++;
    }
    return q;
  }
}
