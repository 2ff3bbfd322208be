package dev.fuzzprof.analyze.campaign;

/**
 * The CPU a process tree (afl-fuzz, its fork server, the target children) used over an interval.
 *
 * @param cpuPercent user + system time, percent of one CPU
 * @param kernelPercent system share of that time, 0-100; null when it used no CPU
 * @param waitPercent run-queue wait, percent of the interval (schedstat of the live processes)
 * @param wantedPercent ran plus waited, percent of one CPU (for {@link Busy#instance})
 * @param stopped every process of the tree was stopped (State T) at both ends
 */
public record TreeCpu(double cpuPercent, Double kernelPercent, Double waitPercent,
    Double wantedPercent, double userTicks, double systemTicks, boolean stopped) {}
