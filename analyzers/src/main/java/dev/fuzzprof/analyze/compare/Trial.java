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

  /** What it received, when {@code compare --run} measured it; else null. */
  Cpu cpu();

  /**
   * An AFL/AFL++ output directory's instances.
   *
   * @param instances at least one
   * @param cpu what it received, when {@code compare --run} measured it; else null
   * @param unionEdges the edges of the union of its instances' queues (afl-showmap over the
   *     merged queue, {@code --showmap}); null when not measured
   */
  record Afl(String name, List<Instance> instances, Cpu cpu, Long unionEdges)
      implements Trial {
    public Afl {
      instances = List.copyOf(instances);
    }

    /** A trial whose CPU was not measured (any trial not run by {@code compare --run}). */
    public Afl(String name, List<Instance> instances) {
      this(name, instances, null, null);
    }

    public Afl(String name, List<Instance> instances, Cpu cpu) {
      this(name, instances, cpu, null);
    }

    /** The same trial with its edges at the end measured by afl-showmap over its queues. */
    public Afl withUnionEdges(long edges) {
      return new Afl(name, instances, cpu, edges);
    }
  }

  /**
   * The CPU a trial received, measured while it ran ({@code compare --run} reads it from /proc
   * and keeps it beside the trial's output).
   *
   * @param seconds CPU seconds its processes (afl-fuzz, fork server, targets) used in all
   * @param wallSeconds how long it ran, start to stop
   * @param cpus the CPUs it was bound to
   */
  record Cpu(double seconds, double wallSeconds, List<Integer> cpus) {
    public Cpu {
      cpus = List.copyOf(cpus);
    }
  }

  /**
   * One afl-fuzz instance of a trial; any part may be null when its file was missing.
   *
   * @param args the afl-fuzz command line (from fuzzer_setup, else fuzzer_stats' command_line)
   */
  record Instance(String name, FuzzerStats stats, PlotData plot, AflArgs args) {}

  /**
   * A libFuzzer run's log: final values only.
   *
   * @param cpu what it received, when {@code compare --run} ran it (its worker's log in the
   *     trial's folder); else null
   */
  record LibFuzzer(String name, LibFuzzerLog log, Cpu cpu) implements Trial {
    public LibFuzzer(String name, LibFuzzerLog log) {
      this(name, log, null);
    }
  }
}
