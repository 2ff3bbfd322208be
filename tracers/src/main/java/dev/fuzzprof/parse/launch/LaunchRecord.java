package dev.fuzzprof.parse.launch;

import java.util.List;

/**
 * What {@code OUT/fuzzprof-launch.json} says of a launch, as far as the commands that read a
 * campaign need it (scaling-report, snapshot, top, the exporter): who ran it, whether it says it
 * still runs, and each instance's planned CPU, state and restarts.
 *
 * @param pid the fuzzprof that ran the launch
 * @param running what the file says; a launch killed with SIGKILL cannot have said otherwise
 */
public record LaunchRecord(String id, long pid, String startedAt, boolean allStarted,
    boolean running, List<Member> instances) {

  public LaunchRecord {
    instances = List.copyOf(instances);
  }

  /**
   * One instance as launch last wrote it.
   *
   * @param cpu the CPU the plan gave it, or null
   * @param state starting, running, waiting (to be restarted), gave-up or stopped
   * @param lastWords the abort lines of its output at its last death, if any
   */
  public record Member(String name, Integer cpu, String state, int restarts,
      List<String> lastWords) {
    public Member {
      lastWords = List.copyOf(lastWords);
    }
  }
}
