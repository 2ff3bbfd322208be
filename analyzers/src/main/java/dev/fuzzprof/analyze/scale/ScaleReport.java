package dev.fuzzprof.analyze.scale;

import dev.fuzzprof.analyze.Finding;
import java.util.List;

/**
 * The scaling curve of one target on one machine.
 *
 * @param baseline the one-instance step's rate (or the smallest step's per-instance rate)
 * @param knee the largest instance count up to which every step kept 80 % efficiency or more;
 *     null when even the second step fell below
 * @param best the instance count with the most execs/s
 * @param explanations what the data shows about the loss, per step below 80 %
 */
public record ScaleReport(String engine, String target, double stepSeconds,
    double warmupSeconds, List<ScaleStep> steps, Baseline baseline, Integer knee, Integer best,
    List<String> explanations, List<Finding> findings, List<String> notes) {

  /** The same report with {@code note} first among the notes. */
  public ScaleReport withNote(String note) {
    List<String> n = new java.util.ArrayList<>();
    n.add(note);
    n.addAll(notes);
    return new ScaleReport(engine, target, stepSeconds, warmupSeconds, steps, baseline, knee,
        best, explanations, findings, List.copyOf(n));
  }

  /** What efficiency divides by. */
  public record Baseline(int instances, double execsPerSec, String how) {}
}
