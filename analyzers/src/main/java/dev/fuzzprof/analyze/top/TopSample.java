package dev.fuzzprof.analyze.top;

import dev.fuzzprof.parse.proc.ProcStat;
import java.util.List;

/**
 * What {@code fuzzprof top} reads at one moment: /proc/stat and every instance.
 *
 * @param nanos a monotonic clock reading (System.nanoTime), for the interval's length
 * @param notes what the sampler wants said (no fuzzer found, an unreadable directory)
 */
public record TopSample(
    long nanos, ProcStat stat, List<InstanceSample> instances, List<String> notes) {}
