package dev.fuzzprof.analyze.compare;

import dev.fuzzprof.parse.afl.AflArgs;
import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.PlotData;
import dev.fuzzprof.parse.libfuzzer.LibFuzzerLog;
import java.util.List;

/** One trial as read from disk: an AFL output dir (one instance or a sync dir), or a libFuzzer log. */
public sealed interface Trial {
  /** What the user named: the directory or log as given. */
  String name();

  /**
   * An AFL/AFL++ output directory's instances.
   *
   * @param instances at least one
   */
  record Afl(String name, List<Instance> instances) implements Trial {
    public Afl {
      instances = List.copyOf(instances);
    }
  }

  /**
   * One afl-fuzz instance of a trial; any part may be null when its file was missing.
   *
   * @param args the afl-fuzz command line (from fuzzer_setup, else fuzzer_stats' command_line)
   */
  record Instance(String name, FuzzerStats stats, PlotData plot, AflArgs args) {}

  /** A libFuzzer run's log: final values only. */
  record LibFuzzer(String name, LibFuzzerLog log) implements Trial {}
}
