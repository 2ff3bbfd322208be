package dev.fuzzprof.parse.afl;

/**
 * One {@code plot_data} row.
 *
 * @param time seconds since the instance started (AFL++ relative_time; AFL 2.5x unix_time
 *     minus the first row's)
 */
public record PlotPoint(long time, double execsPerSec, Long totalExecs) {}
