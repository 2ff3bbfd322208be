package dev.fuzzprof.parse.proc;

import java.util.List;

/**
 * The fields of /proc/PID/status fuzzprof uses; a missing number is -1, a missing CPU list is
 * empty.
 *
 * @param state the letter and word, e.g. {@code S (sleeping)}
 * @param cpusAllowed where the scheduler may run the task ({@code Cpus_allowed_list})
 */
public record PidStatus(
    String name, String state, int ppid, int tracerPid, List<Integer> cpusAllowed,
    long voluntaryCtxtSwitches, long nonvoluntaryCtxtSwitches) {}
