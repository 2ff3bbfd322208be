package dev.fuzzprof.analyze;

import dev.fuzzprof.analyze.trace.TraceFindingId;
import java.util.ArrayList;
import java.util.List;

/** Every finding id fuzzprof can report, across all its commands. */
public final class FindingIds {
  private FindingIds() {}

  public static List<FindingId> all() {
    List<FindingId> all = new ArrayList<>();
    all.addAll(List.of(TraceFindingId.values())); all.addAll(List.of(dev.fuzzprof.analyze.live.LiveFindingId.values()));
    return all;
  }
}
