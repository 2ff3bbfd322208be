package dev.fuzzprof.analyze.trace;

import java.util.Arrays;

/** A growable run of ints (syscall ids), with a cap so that no sequence grows without bound. */
final class IntSeq {
  private int[] a = new int[16];
  private int size;
  private boolean overflowed;
  private final int cap;

  IntSeq(int cap) {
    this.cap = cap;
  }

  void add(int v) {
    if (size == cap) {
      overflowed = true;
      return;
    }
    if (size == a.length) {
      a = Arrays.copyOf(a, Math.min(cap, a.length * 2));
    }
    a[size++] = v;
  }

  void addAll(IntSeq other) {
    for (int i = 0; i < other.size; i++) {
      add(other.a[i]);
    }
    overflowed |= other.overflowed;
  }

  void clear() {
    size = 0;
    overflowed = false;
  }

  int size() {
    return size;
  }

  int get(int i) {
    return a[i];
  }

  boolean overflowed() {
    return overflowed;
  }

  /** Whether this run holds exactly {@code ids}. */
  boolean sameAs(int[] ids) {
    return size == ids.length && Arrays.equals(a, 0, size, ids, 0, size);
  }

  int[] toArray() {
    return Arrays.copyOf(a, size);
  }
}
