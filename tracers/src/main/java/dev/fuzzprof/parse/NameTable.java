package dev.fuzzprof.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns short ASCII names (syscalls, signals, errno names) straight from bytes, so a trace of
 * millions of lines makes a few hundred strings instead of millions. Each name also gets a small
 * id (0, 1, 2, ... in the order first seen), so that a parser can keep per-name state in arrays.
 * A name of at most eight bytes (nearly every syscall and errno name) is looked up by one 64-bit
 * word, without hashing or comparing it byte by byte.
 */
final class NameTable {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int SHORT_SLOTS = 1024;

  // names of 1-8 bytes: the bytes as a little-endian word (zero-padded) and the length
  private final long[] shortWords = new long[SHORT_SLOTS];
  private final int[] shortLens = new int[SHORT_SLOTS];
  private final int[] shortIds = new int[SHORT_SLOTS];

  private byte[][] keys = new byte[256][];
  private int[] slotIds = new int[256];
  private int size;
  private String[] byId = new String[64];

  String intern(byte[] b, int p, int q) {
    return byId[id(b, p, q)];
  }

  /** The name of an id that {@link #id} returned. */
  String name(int id) {
    return byId[id];
  }

  /** The id of the name in b[p, q), made on first sight. */
  int id(byte[] b, int p, int q) {
    int len = q - p;
    if (len > 0 && len <= 8 && p + 8 <= b.length) {
      long word = (long) LONGS.get(b, p) & (-1L >>> (64 - 8 * len));
      int slot = (int) ((word * 0x9E3779B97F4A7C15L) >>> 54) & (SHORT_SLOTS - 1);
      if (shortLens[slot] == len && shortWords[slot] == word) {
        return shortIds[slot];
      }
      int id = slowId(b, p, q);
      shortWords[slot] = word;
      shortLens[slot] = len;
      shortIds[slot] = id;
      return id;
    }
    return slowId(b, p, q);
  }

  private int slowId(byte[] b, int p, int q) {
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
        return slotIds[slot];
      }
      slot = (slot + 1) & mask;
    }
    byte[] key = Arrays.copyOfRange(b, p, q);
    String value = new String(key, StandardCharsets.ISO_8859_1).intern();
    int id = size;
    if (id == byId.length) {
      byId = Arrays.copyOf(byId, id * 2);
    }
    byId[id] = value;
    keys[slot] = key;
    slotIds[slot] = id;
    if (++size * 2 > keys.length) {
      grow();
    }
    return id;
  }

  private void grow() {
    byte[][] oldKeys = keys;
    int[] oldIds = slotIds;
    keys = new byte[oldKeys.length * 2][];
    slotIds = new int[oldKeys.length * 2];
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
      slotIds[slot] = oldIds[i];
    }
  }
}
