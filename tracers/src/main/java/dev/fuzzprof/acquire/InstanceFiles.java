package dev.fuzzprof.acquire;

/**
 * The text files of one fuzzer instance, as read; null where a file is missing or unreadable.
 * An AFL/AFL++ instance is a folder ({@code fuzzer_stats}, {@code plot_data},
 * {@code fuzzer_setup}, {@code cmdline}); a libFuzzer instance is one job's log
 * ({@code fuzz-N.log} of {@code -jobs}, or a log given by name).
 *
 * @param name the folder name (the -M/-S name, or {@code default}), or the log's name without
 *     {@code .log} ({@code fuzz-0})
 * @param dir the instance folder, or the log file, or {@code pid:PID} for a libFuzzer process
 *     that writes no log file (its stderr is a terminal or a pipe)
 * @param libFuzzerLog the libFuzzer log's text, or null for an AFL instance
 * @param logModified when the log was last written (epoch seconds), or null
 */
public record InstanceFiles(
    String name, String dir, String fuzzerStats, String plotData, String fuzzerSetup,
    String cmdline, String libFuzzerLog, Long logModified) {

  /** An AFL instance folder's files. */
  public InstanceFiles(String name, String dir, String fuzzerStats, String plotData,
      String fuzzerSetup, String cmdline) {
    this(name, dir, fuzzerStats, plotData, fuzzerSetup, cmdline, null, null);
  }

  /** A libFuzzer process known by its pid alone: no log to read. */
  public static InstanceFiles ofPid(int pid, String exeName) {
    return new InstanceFiles(exeName + "-" + pid, "pid:" + pid, null, null, null, null, "",
        null);
  }

  /** The pid of an {@link #ofPid} instance, or null. */
  public Integer knownPid() {
    return dir.startsWith("pid:") ? Integer.valueOf(dir.substring(4)) : null;
  }

  /** True for a libFuzzer job's log. */
  public boolean fromLibFuzzer() {
    return libFuzzerLog != null;
  }
}
