package dev.fuzzprof.analyze.launch;

import dev.fuzzprof.parse.launch.LaunchRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * What a campaign report says of the fuzzprof launch that runs (or ran) the campaign, from its
 * record: whether anything still supervises the instances, which were restarted, and why launch
 * gave up on one (its last words). The campaign's own figures are not touched: they come from the
 * instances' files and /proc, as for any campaign.
 */
public final class LaunchNotes {
  private LaunchNotes() {}

  /**
   * @param launcherRuns whether the fuzzprof that wrote the record runs now
   * @param outDir the campaign's output dir, as the user gave it (for the commands in the notes)
   */
  public static List<String> of(LaunchRecord r, boolean launcherRuns, String outDir) {
    List<String> notes = new ArrayList<>();
    String who = "started by fuzzprof launch " + r.id()
        + (r.startedAt().isEmpty() ? "" : " at " + r.startedAt());
    if (launcherRuns) {
      notes.add(who + "; it runs (pid " + r.pid() + ") and restarts instances that die;"
          + " fuzzprof launch --stop " + outDir + " ends them all");
    } else if (r.running()) {
      notes.add(who + "; its fuzzprof (pid " + r.pid() + ") is gone without ending the launch"
          + " (killed): nothing restarts these instances now; fuzzprof launch --stop " + outDir
          + " ends what is left of it, then fuzzprof launch --resume -o " + outDir
          + " ... starts it again");
    } else {
      notes.add(who + "; the launch has ended");
    }
    for (LaunchRecord.Member m : r.instances()) {
      if (m.state().equals("gave-up")) {
        notes.add(m.name() + ": launch gave up on it after failed starts in a row"
            + (m.lastWords().isEmpty() ? "" : ": " + String.join(" / ", m.lastWords())));
      } else if (m.restarts() > 0) {
        notes.add(m.name() + ": restarted " + m.restarts() + " time" + (m.restarts() == 1 ? ""
            : "s") + " by launch" + (m.lastWords().isEmpty() ? ""
            : " (last death: " + String.join(" / ", m.lastWords()) + ")"));
      }
    }
    return notes;
  }
}
