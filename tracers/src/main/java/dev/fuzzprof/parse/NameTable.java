package dev.fuzzprof.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns short ASCII names (syscalls, signals, errno names) straight from bytes, so a trace of
 * millions of lines makes a few hundred strings instead of millions.
 */
final class NameTable {
  private byte[][] keys = new byte[256][];
  private String[] values = new String[256];
  private int size;

  String intern(byte[] b, int p, int q) {
    int len = q - p;
    int h = 1;
    for (int i = p; i < q; i++) {
      h = 31 * h + b[i];
    }
    int mask = keys.length - 1;
    int slot = (h ^ (h >>> 16)) & mask;
    while (true) {
      byte[] k = keys[slot];
      if (k == null) {
        break;
      }
      if (k.length == len && Arrays.equals(k, 0, len, b, p, q)) {
        return values[slot];
      }
      slot = (slot + 1) & mask;
    }
    byte[] key = Arrays.copyOfRange(b, p, q);
    String value = new String(key, StandardCharsets.ISO_8859_1).intern();
    keys[slot] = key;
    values[slot] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
    return value;
  }

  private void grow() {
    byte[][] oldKeys = keys;
    String[] oldValues = values;
    keys = new byte[oldKeys.length * 2][];
    values = new String[oldKeys.length * 2];
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      byte[] k = oldKeys[i];
      if (k == null) {
        continue;
      }
      int h = 1;
      for (byte c : k) {
        h = 31 * h + c;
      }
      int slot = (h ^ (h >>> 16)) & mask;
      while (keys[slot] != null) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = k;
      values[slot] = oldValues[i];
    }
  }
}
