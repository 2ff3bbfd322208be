package dev.fuzzprof.analyze.top;

import java.util.List;

/**
 * One refresh of {@code fuzzprof top}: what the cores and the instances did between two samples.
 *
 * @param seconds the interval's length
 * @param totalExecsPerSec the campaign's executions per second; null when no instance says
 * @param efficiency total execs/s over (instances x the median execs/s of the -S instances that
 *     have a CPU to themselves, or of all -S instances when none has); null
 *     when it cannot be computed, with the reason in {@code efficiencyNote}
 */
public record TopFrame(
    double seconds, List<CoreLoad> cores, List<InstanceRow> instances,
    List<Collision> collisions, List<Integer> idleCores, Double totalExecsPerSec,
    Double efficiency, String efficiencyNote, List<String> notes) {}
