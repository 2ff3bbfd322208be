package dev.fuzzprof.parse.afl;

/**
 * One {@code plot_data} row. The coverage columns are null where the file has no such column
 * (or the row could not be read there).
 *
 * @param time seconds since the instance started (AFL++ relative_time; AFL 2.5x unix_time
 *     minus the first row's)
 * @param corpusCount corpus_count (AFL++ 4), paths_total (AFL 2.5x, AFL++ 3)
 * @param savedCrashes saved_crashes (AFL++ 4), unique_crashes (AFL 2.5x)
 * @param mapSizePercent map_size, the share of the coverage map seen, 0-100 (the only coverage
 *     AFL 2.5x writes)
 * @param edgesFound edges_found (AFL++ only)
 */
public record PlotPoint(long time, double execsPerSec, Long totalExecs, Long corpusCount,
    Long savedCrashes, Double mapSizePercent, Long edgesFound) {

  /** A row with the execution columns only. */
  public PlotPoint(long time, double execsPerSec, Long totalExecs) {
    this(time, execsPerSec, totalExecs, null, null, null, null);
  }
}
