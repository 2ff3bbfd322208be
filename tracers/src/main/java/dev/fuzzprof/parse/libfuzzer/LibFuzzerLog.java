package dev.fuzzprof.parse.libfuzzer;

import java.util.List;

/**
 * What one libFuzzer job's log says (the {@code fuzz-N.log} of {@code -jobs}, or its redirected
 * stderr). Every figure may be null when the log has not printed it yet.
 *
 * @param seed the {@code INFO: Seed:} of the run
 * @param runs the last {@code #N} status line's N: inputs run so far
 * @param coverage {@code cov:} of that line (coverage points, edges or PCs)
 * @param features {@code ft:} of that line
 * @param corpusUnits {@code corp: U/...}: inputs in the corpus
 * @param corpusBytes {@code corp: .../B}: their size, in bytes
 * @param execsPerSec {@code exec/s:} of that line: libFuzzer's runs since start over seconds
 *     since start, a whole number
 * @param rssMb {@code rss:} of that line, in MB
 * @param lastEvent that line's event word: {@code INITED}, {@code NEW}, {@code REDUCE},
 *     {@code pulse}, {@code DONE}, ...
 * @param doneRuns {@code Done N runs in T second(s)}: N, or null while it runs
 * @param doneSeconds the T of that line
 * @param ended how the run ended: {@code done} (runs or time used up), {@code interrupted}
 *     (SIGINT/SIGTERM), {@code crash} (a deadly signal, a sanitizer error, a leak, a timeout,
 *     out of memory), or null while it runs
 * @param crash the first line of the crash report, or null
 * @param slowestUnitSeconds the largest {@code Slowest unit: S s:} reported, or null
 * @param statusLines how many {@code #N} lines were read
 * @param forkSeconds {@code -fork}'s parent: the last status line's {@code time: Ns}, or null
 * @param crashInputs inputs written as findings ({@code Test unit written to ...crash-},
 *     {@code leak-}, {@code timeout-}, {@code oom-}), or {@code -fork}'s last crash count
 */
public record LibFuzzerLog(
    Long seed, Long runs, Long coverage, Long features, Long corpusUnits, Long corpusBytes,
    Long execsPerSec, Long rssMb, String lastEvent, Long doneRuns, Long doneSeconds,
    String ended, String crash, Double slowestUnitSeconds, long statusLines,
    List<String> warnings, Long forkSeconds, int crashInputs) {

  public LibFuzzerLog {
    warnings = List.copyOf(warnings);
  }

  /** Coverage points at the end ({@code cov:}). */
  public Long cov() {
    return coverage;
  }

  /** Inputs in the corpus at the end. */
  public Long corpus() {
    return corpusUnits;
  }

  /** How long the run went: its Done line's seconds, else -fork's last {@code time:}. */
  public Long seconds() {
    return doneSeconds != null ? doneSeconds : forkSeconds;
  }

  /** Inputs run in all: the Done line's N when the run ended so, else the last {@code #N}. */
  public Long totalRuns() {
    return doneRuns != null ? doneRuns : runs;
  }

  /** Findings written (crash, leak, timeout, oom inputs). */
  public int crashes() {
    return crashInputs;
  }

  /** Whether the job has ended (done, interrupted or crashed). */
  public boolean hasEnded() {
    return ended != null;
  }
}
