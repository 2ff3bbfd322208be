package dev.fuzzprof.analyze.trace;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Aggregates whole fuzz cases as they are found, without keeping them: how many, how long (in
 * syscalls), how often each syscall occurs per case, which ordered sequences they follow, and
 * how much kernel time they took. Distinct sequences are capped so memory stays bounded.
 */
final class CaseTally {
  static final int MAX_SIGNATURES = 4096;

  /** An ordered syscall sequence used as a map key. */
  record Sequence(int[] ids) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Sequence s && Arrays.equals(ids, s.ids);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(ids);
    }
  }

  long cases;
  long syscalls;
  long untimedCases;
  long kernelMicros;
  long execCases;
  long firstStart = Long.MAX_VALUE;
  long lastEnd = Long.MIN_VALUE;
  long timedSpanCases;
  long[] callsPerId = new long[64];
  private final TreeMap<Integer, Long> lengths = new TreeMap<>();
  /** Counts of the short lengths, folded into {@link #lengths} when it is read. */
  private final long[] shortLengths = new long[256];
  /** The signature of the last case: most cases follow the one before them. */
  private Sequence lastKey;
  private long[] lastCount;
  final Map<Sequence, long[]> signatures = new HashMap<>();
  long casesOutsideSignatures;

  void add(IntSeq seq, long micros, boolean timed, long start, long end, boolean exec) {
    cases++;
    int n = seq.size();
    syscalls += n;
    if (n < shortLengths.length) {
      shortLengths[n]++;
    } else {
      lengths.merge(n, 1L, Long::sum);
    }
    for (int i = 0; i < n; i++) {
      int id = seq.get(i);
      if (id >= callsPerId.length) {
        callsPerId = Arrays.copyOf(callsPerId, Math.max(id + 1, callsPerId.length * 2));
      }
      callsPerId[id]++;
    }
    kernelMicros += micros;
    if (!timed) {
      untimedCases++;
    }
    if (exec) {
      execCases++;
    }
    if (start != Long.MIN_VALUE && end != Long.MIN_VALUE) {
      firstStart = Math.min(firstStart, start);
      lastEnd = Math.max(lastEnd, end);
      timedSpanCases++;
    }
    if (lastKey != null && seq.sameAs(lastKey.ids())) {
      lastCount[0]++;
      return;
    }
    Sequence key = new Sequence(seq.toArray());
    long[] count = signatures.get(key);
    if (count != null) {
      lastKey = key;
      lastCount = count;
    }
    if (count != null) {
      count[0]++;
    } else if (signatures.size() < MAX_SIGNATURES) {
      long[] one = {1};
      signatures.put(key, one);
      lastKey = key;
      lastCount = one;
    } else {
      casesOutsideSignatures++;
    }
  }

  /** How many cases had each length (in syscalls). */
  TreeMap<Integer, Long> lengths() {
    for (int n = 0; n < shortLengths.length; n++) {
      if (shortLengths[n] > 0) {
        lengths.merge(n, shortLengths[n], Long::sum);
        shortLengths[n] = 0;
      }
    }
    return lengths;
  }

  long callsOf(int id) {
    return id < callsPerId.length ? callsPerId[id] : 0;
  }

  /** The value below which {@code fraction} of the cases' lengths lie. */
  int lengthQuantile(double fraction) {
    long rank = (long) Math.ceil(fraction * cases);
    long seen = 0;
    for (Map.Entry<Integer, Long> e : lengths().entrySet()) {
      seen += e.getValue();
      if (seen >= Math.max(rank, 1)) {
        return e.getKey();
      }
    }
    return 0;
  }

  Map.Entry<Sequence, long[]> commonest() {
    Map.Entry<Sequence, long[]> best = null;
    for (Map.Entry<Sequence, long[]> e : signatures.entrySet()) {
      if (best == null || e.getValue()[0] > best.getValue()[0]) {
        best = e;
      }
    }
    return best;
  }
}
