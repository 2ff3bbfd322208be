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
}
