package dev.fuzzprof.parse.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a profile parser read: identical stacks merged, in first-seen order, and how much of the
 * input was not understood.
 *
 * @param stacks distinct stacks with their sample counts
 * @param skippedLines lines that were neither a sample header, a frame nor a blank line
 */
public record Stacks(List<Stack> stacks, long skippedLines) {
  public Stacks {
    stacks = List.copyOf(stacks);
  }

  public long samples() {
    return stacks.stream().mapToLong(Stack::count).sum();
  }

  /** Merges identical stacks while a parser reads. */
  static final class Builder {
    private final Map<List<Frame>, long[]> counts = new LinkedHashMap<>();
    private long skipped;

    void add(List<Frame> frames, long count) {
      if (count <= 0) {
        return;
      }
      counts.computeIfAbsent(List.copyOf(frames), k -> new long[1])[0] += count;
    }

    void skip() {
      skipped++;
    }

    Stacks build() {
      List<Stack> out = new ArrayList<>(counts.size());
      counts.forEach((frames, n) -> out.add(new Stack(frames, n[0])));
      return new Stacks(out, skipped);
    }
  }
}
