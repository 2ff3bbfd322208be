package dev.fuzzprof.service.compare;

import dev.fuzzprof.acquire.InstanceFiles;
import dev.fuzzprof.acquire.libfuzzer.LibFuzzerLogs;
import dev.fuzzprof.acquire.afl.AflOutputDir;
import dev.fuzzprof.acquire.afl.Showmap;
import dev.fuzzprof.analyze.compare.CompareAnalyzer;
import dev.fuzzprof.analyze.compare.CompareReport;
import dev.fuzzprof.analyze.compare.Metric;
import dev.fuzzprof.analyze.compare.Trial;
import dev.fuzzprof.analyze.compare.TrialFigures;
import dev.fuzzprof.parse.afl.AflArgs;
import dev.fuzzprof.parse.afl.AflCommandLineParser;
import dev.fuzzprof.parse.afl.FuzzerSetup;
import dev.fuzzprof.parse.afl.FuzzerSetupParser;
import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.FuzzerStatsParser;
import dev.fuzzprof.parse.afl.PlotData;
import dev.fuzzprof.parse.afl.PlotDataParser;
import dev.fuzzprof.parse.afl.ShowmapParser;
import dev.fuzzprof.parse.libfuzzer.LibFuzzerLogParser;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads two arms of trials and compares them. */
public final class Comparison {
  /** plot_data is read whole (up to this much): a curve needs its start too. */
  static final long PLOT_MAX = 64L << 20;

  private Comparison() {}

  /**
   * What the command asks.
   *
   * @param nameA the arm's name, or null: from its directories
   * @param atSeconds seconds after each trial's start, or null: each trial's end
   */
  public record Request(List<Path> a, List<Path> b, String nameA, String nameB, Metric metric,
      Long atSeconds, Path showmap) {
    public Request(List<Path> a, List<Path> b, String nameA, String nameB, Metric metric,
        Long atSeconds) {
      this(a, b, nameA, nameB, metric, atSeconds, null);
    }
  }

  public static CompareReport compare(Request r) {
    String nameA = r.nameA() != null ? r.nameA() : recordedName(r.a())
        .orElseGet(() -> ArmNames.of(r.a(), "A"));
    String nameB = r.nameB() != null ? r.nameB() : recordedName(r.b())
        .orElseGet(() -> ArmNames.of(r.b(), "B"));
    if (nameA.equals(nameB)) {
      nameA = nameA + " (A)";
      nameB = nameB + " (B)";
    }
    List<Trial> a = read(r.a());
    List<Trial> b = read(r.b());
    if (r.showmap() != null) {
      if (r.metric() != Metric.EDGES || r.atSeconds() != null) {
        throw FuzzprofException.usage("--showmap measures the edges of the whole queue: use it"
            + " with --metric edges and without --at");
      }
      a = union(r.a(), a, r.showmap());
      b = union(r.b(), b, r.showmap());
    }
    for (Trial t : a) {
      check(t, r.metric(), r.atSeconds());
    }
    for (Trial t : b) {
      check(t, r.metric(), r.atSeconds());
    }
    return CompareAnalyzer.compare(new CompareAnalyzer.ArmInput(nameA, a),
        new CompareAnalyzer.ArmInput(nameB, b), r.metric(), r.atSeconds());
  }

  /** The arm name compare --run recorded in every one of these trials, if they agree on one. */
  static Optional<String> recordedName(List<Path> trials) {
    Set<String> names = new HashSet<>();
    for (Path p : trials) {
      if (!Files.isDirectory(p)) {
        return Optional.empty();
      }
      Optional<TrialFile> t = TrialFile.read(p);
      if (t.isEmpty() || t.get().armName() == null || t.get().armName().isBlank()) {
        return Optional.empty();
      }
      names.add(t.get().armName());
    }
    return names.size() == 1 ? Optional.of(names.iterator().next())
        : Optional.empty();
  }

  /**
   * Each AFL trial's edges as afl-showmap finds them over the merged queue of its instances,
   * running {@code bin} with the target arguments the trial was fuzzed with ({@code @@} and all).
   */
  static List<Trial> union(List<Path> paths, List<Trial> trials, Path bin) {
    if (!Files.isRegularFile(bin) || !Files.isExecutable(bin)) {
      throw FuzzprofException.data("--showmap " + bin + ": not an executable file (give the"
          + " instrumented target the trials fuzzed)");
    }
    List<Trial> out = new ArrayList<>();
    for (int k = 0; k < trials.size(); k++) {
      if (!(trials.get(k) instanceof Trial.Afl t)) {
        out.add(trials.get(k));
        continue;
      }
      List<Path> queues = AflOutputDir.instanceDirs(paths.get(k)).stream()
          .map(d -> d.resolve("queue")).toList();
      List<String> cmd = new ArrayList<>(List.of(bin.toAbsolutePath().toString()));
      t.instances().stream().filter(i -> i.args() != null && !i.args().target().isEmpty())
          .findFirst().ifPresent(i -> cmd.addAll(i.args().target().subList(1,
              i.args().target().size())));
      out.add(t.withUnionEdges(ShowmapParser.edges(Showmap.union(queues, cmd))));
    }
    return out;
  }

  /** Every trial needs a value at the point compared; say which one lacks it and why. */
  static void check(Trial t, Metric m, Long at) {
    if (at != null) {
      if (t instanceof Trial.LibFuzzer) {
        throw FuzzprofException.data(t.name() + ": a libFuzzer log has final values only;"
            + " compare at the end (without --at)");
      }
      Long len = TrialFigures.length(t);
      if (len != null && len < at) {
        throw FuzzprofException.data(t.name() + " ran " + len + " s, less than --at " + at
            + " s: compare at " + len + "s or earlier");
      }
    }
    if (CompareAnalyzer.value(t, m, at) == null) {
      throw FuzzprofException.data(t.name() + ": no " + m.words() + " "
          + (at == null ? "in its fuzzer_stats or plot_data"
              : "by " + at + " s (no plot_data row that early; AFL++ writes its first after"
                  + " about a minute)"));
    }
  }

  static List<Trial> read(List<Path> paths) {
    List<Trial> out = new ArrayList<>();
    for (Path p : paths) {
      out.add(Files.isRegularFile(p) ? libFuzzer(p) : afl(p));
    }
    return out;
  }

  static Trial libFuzzer(Path p) {
    // the one reader of libFuzzer logs: a large log's head (the seed) and last megabyte
    InstanceFiles f = LibFuzzerLogs.readLog(p);
    if (f == null) {
      throw FuzzprofException.data(p + ": cannot read");
    }
    String text = f.libFuzzerLog();
    if (!LibFuzzerLogParser.looksLikeLibFuzzer(text)) {
      throw FuzzprofException.data(p + " is a file but not a libFuzzer log (no status line"
          + " '#N ... cov: ...'): give an AFL output directory or a libFuzzer log");
    }
    return new Trial.LibFuzzer(p.toString(), LibFuzzerLogParser.parse(text));
  }

  static Trial afl(Path dir) {
    Path worker = dir.resolve("fuzz-0.log");
    if (Files.isRegularFile(worker) && TrialFile.read(dir).isPresent()) {
      // a libFuzzer trial of compare --run: its one worker's log, and the CPU it received
      Trial.LibFuzzer lf = (Trial.LibFuzzer) libFuzzer(worker);
      Trial.Cpu cpu = TrialFile.read(dir).map(t -> new Trial.Cpu(t.cpuSeconds(),
          t.wallSeconds(), t.cpus())).orElse(null);
      return new Trial.LibFuzzer(dir.toString(), lf.log(), cpu);
    }
    List<Trial.Instance> instances = new ArrayList<>();
    for (Path inst : dirs(dir)) {
      InstanceFiles f = AflOutputDir.readInstance(inst, PLOT_MAX);
      FuzzerStats stats = f.fuzzerStats() == null ? null
          : FuzzerStatsParser.parse(f.fuzzerStats());
      if (stats != null && stats.isEmpty()) {
        stats = null;
      }
      PlotData plot = f.plotData() == null ? null : PlotDataParser.parse(f.plotData());
      FuzzerSetup setup = f.fuzzerSetup() == null ? null
          : FuzzerSetupParser.parse(f.fuzzerSetup());
      if (stats == null && (plot == null || plot.points().isEmpty())) {
        continue; // a folder that never got going: no figure to compare
      }
      instances.add(new Trial.Instance(f.name(), stats, plot, args(stats, setup)));
    }
    if (instances.isEmpty()) {
      throw FuzzprofException.data(dir + ": no instance with fuzzer_stats or plot_data rows:"
          + " the trial never ran, or it is not an AFL output directory");
    }
    Trial.Cpu cpu = TrialFile.read(dir).map(t -> new Trial.Cpu(t.cpuSeconds(), t.wallSeconds(),
        t.cpus())).orElse(null);
    return new Trial.Afl(dir.toString(), instances, cpu);
  }

  private static List<Path> dirs(Path dir) {
    if (!Files.exists(dir)) {
      throw FuzzprofException.data(dir + ": no such directory or log");
    }
    List<Path> d = AflOutputDir.instanceDirs(dir);
    if (d.isEmpty()) {
      AflOutputDir.read(dir); // throws the one wording for a directory that is not AFL's
    }
    return d;
  }

  /** The command line as the campaign reader takes it: fuzzer_stats', else fuzzer_setup's. */
  private static AflArgs args(FuzzerStats stats, FuzzerSetup setup) {
    if (stats != null && stats.commandLine() != null) {
      return AflCommandLineParser.parse(stats.commandLine());
    }
    if (setup != null && !setup.argv().isEmpty()) {
      return AflCommandLineParser.parse(setup.argv());
    }
    return null;
  }
}
