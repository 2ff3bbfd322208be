package dev.fuzzprof.parse.afl;

import java.util.List;
import java.util.Map;

/**
 * An instance's {@code fuzzer_stats}, in AFL++ 4.x names. Every field may be null: versions
 * differ, and an unreadable value is dropped with a warning rather than guessed.
 *
 * @param runTime seconds; AFL 2.5x has no run_time, so it is last_update - start_time there
 * @param corpusCount corpus_count (AFL++), paths_total (AFL 2.5x)
 * @param stability percent, 0-100
 * @param edgesFound edges_found: map edges seen so far (AFL++ 4.x)
 * @param totalEdges total_edges: the edges the target's map has (AFL++ 4.x)
 * @param cpuAffinity the CPU AFL bound itself to, -1 when it did not (AFL_NO_AFFINITY)
 * @param fields every {@code name : value} line as written
 */
public record FuzzerStats(
    Long startTime, Long lastUpdate, Long runTime, Integer fuzzerPid, Long cyclesDone,
    Long execsDone, Double execsPerSec, Double execsPsLastMin, Long corpusCount,
    Long corpusFound, Double stability, Double bitmapCoverage, Long savedCrashes,
    Long savedHangs, Long edgesFound, Long totalEdges, Integer cpuAffinity, String aflVersion,
    String targetMode,
    String commandLine, Map<String, String> fields, List<String> warnings) {

  /** Whether the file said anything at all. */
  public boolean isEmpty() {
    return fields.isEmpty();
  }
}
