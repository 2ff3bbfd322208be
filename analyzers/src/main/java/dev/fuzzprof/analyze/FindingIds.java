package dev.fuzzprof.analyze;

import dev.fuzzprof.analyze.live.LiveFindingId;
import dev.fuzzprof.analyze.profile.FlameFindingId;
import dev.fuzzprof.analyze.scaling.ScalingFindingId;
import dev.fuzzprof.analyze.trace.TraceFindingId;
import java.util.ArrayList;
import java.util.List;

/** Every finding id fuzzprof can report, across all its commands. */
public final class FindingIds {
  private FindingIds() {}

  public static List<FindingId> all() {
    List<FindingId> all = new ArrayList<>();
    all.addAll(List.of(TraceFindingId.values()));
    all.addAll(List.of(ScalingFindingId.values()));
    all.addAll(List.of(FlameFindingId.values()));
    all.addAll(List.of(LiveFindingId.values()));
    return all;
  }
}
