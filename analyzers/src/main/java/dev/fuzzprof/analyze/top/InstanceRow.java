package dev.fuzzprof.analyze.top;

import java.util.List;

/**
 * One instance over an interval.
 *
 * @param execsPerSec null when unknown (no fuzzer_stats yet)
 * @param cpuPct CPU time of afl-fuzz and its target, in percent of one core
 * @param kernelPct the share of that time spent in the kernel; null when it used no CPU
 * @param cpusAllowed where it may run (Cpus_allowed_list); empty when not running
 * @param lastCpu the CPU afl-fuzz last ran on, -1 when not running
 * @param runQueueWaitPct the share of wanted CPU time spent waiting on a run queue; null when
 *     unknown
 * @param busy whether it used, or waited for, enough CPU to count in a collision
 * @param collided whether it shares a single bound CPU with another busy instance
 */
public record InstanceRow(
    String name, int pid, Role role, boolean running, Double execsPerSec, double cpuPct,
    Double kernelPct, List<Integer> cpusAllowed, int lastCpu, Double runQueueWaitPct,
    boolean busy, boolean collided) {}
