package dev.fuzzprof.service.launch;

import dev.fuzzprof.analyze.launch.LaunchPlan;
import java.util.List;

/**
 * What {@code OUT/fuzzprof-launch.json} holds: the launch's id (the mark in every process's
 * environment), the pid of the fuzzprof that runs it (what {@code launch --stop} signals), the
 * plan and every instance's state, rewritten at each change.
 *
 * @param running false once the launch has ended
 */
public record LaunchFile(String id, long pid, String startedAt, boolean allStarted,
    boolean running, LaunchPlan plan, List<Launcher.InstanceState> instances) {

  public static final String NAME = dev.fuzzprof.acquire.launch.LaunchRecords.FILE;
  public static final String LOG = "fuzzprof-launch.log";
}
