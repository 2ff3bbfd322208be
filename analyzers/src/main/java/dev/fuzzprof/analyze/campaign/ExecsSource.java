package dev.fuzzprof.analyze.campaign;

/** Where an instance's execs/s came from. */
public enum ExecsSource {
  /** execs_done between two writes of fuzzer_stats, or over run_time for a finished instance. */
  FUZZER_STATS("fuzzer_stats"),
  /** total_execs between plot_data rows at least 10 s apart. */
  PLOT_DATA("plot_data"),
  /** cases counted in the kernel over the sample (the fork server's SIGCONTs and forks). */
  COUNTED("counted"),
  /** libFuzzer's own exec/s in its log: runs since its start over seconds since its start. */
  LOG("log");

  private final String word;

  ExecsSource(String word) {
    this.word = word;
  }

  @Override
  public String toString() {
    return word;
  }
}
