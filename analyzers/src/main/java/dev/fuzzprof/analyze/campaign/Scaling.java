package dev.fuzzprof.analyze.campaign;

import dev.fuzzprof.analyze.campaign.CampaignReport.BaselineUsed;
import dev.fuzzprof.analyze.campaign.CampaignReport.InstanceRow;
import dev.fuzzprof.parse.afl.Role;
import java.util.List;

/** The baseline a scaling efficiency divides by: given, measured, or a verified estimate. */
final class Scaling {
  /** Above this, an efficiency is more likely a bad baseline than a superlinear campaign. */
  static final double SUSPECT = 1.1;

  private Scaling() {}

  static BaselineUsed baseline(CampaignObservation in, List<InstanceRow> rows,
      List<CoreUse> perCore) {
    if (in.baseline() != null) {
      return new BaselineUsed(in.baseline().execsPerSec(), in.baseline().source(),
          in.baseline().how());
    }
    // only -S instances verified to have a CPU to themselves: a collided or slowed instance as
    // the baseline makes the efficiency meaningless (1018% was printed that way)
    List<InstanceRow> alone = rows.stream()
        .filter(r -> (r.role() == Role.SECONDARY || r.role() == Role.JOB) && r.execsPerSec() != null
            && r.execsPerSec() > 0 && !r.collided()
            && CampaignAnalyzer.aloneOn(r, rows, perCore, in.observerPercent()) != null)
        .toList();
    if (alone.isEmpty()) {
      return null;
    }
    double med = CampaignAnalyzer.median(alone.stream().map(InstanceRow::execsPerSec).toList());
    return new BaselineUsed(Math.round(med * 10) / 10.0, "estimate", "an estimate: the median of "
        + alone.size() + " live -S instance(s) verified to have a CPU to themselves ("
        + String.join(", ", alone.stream().map(InstanceRow::name).toList()) + "); the -M"
        + " instance runs deterministic stages and is slower. Measure a pinned single instance"
        + " and pass --baseline-dir for a real baseline");
  }
}
