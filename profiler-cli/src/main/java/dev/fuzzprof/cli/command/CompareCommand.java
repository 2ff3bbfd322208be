package dev.fuzzprof.cli.command;

import dev.fuzzprof.analyze.compare.CompareReport;
import dev.fuzzprof.analyze.compare.Metric;
import dev.fuzzprof.cli.Exits;
import dev.fuzzprof.cli.Io;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.render.CompareReportHtml;
import dev.fuzzprof.render.CompareReportText;
import dev.fuzzprof.render.Json;
import dev.fuzzprof.service.compare.Comparison;
import dev.fuzzprof.service.compare.CompareRun;
import dev.fuzzprof.service.compare.TrialFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Stream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "A/B two fuzzers or two configurations from finished trials: is the difference real?"
          + " Each DIR is one trial: an AFL/AFL++ output dir (one instance, or the sync dir of"
          + " a parallel set), or a libFuzzer log (final values only).",
      "",
      "Per arm: the median and quartiles (linear interpolation, as numpy and R) of the metric"
          + " at the end of each trial or at --at, and the median curve over time (plot_data)."
          + " Between the arms: the two-sided Mann-Whitney U test (exact for 8 trials or fewer"
          + " without ties, else the normal approximation with tie and continuity correction),"
          + " the Vargha-Delaney A12 (the chance a trial of A beats one of B) and its magnitude"
          + " at FuzzBench's thresholds, and a verdict: p above 0.05 is no significant"
          + " difference.",
      "",
      "Warnings (stable ids): few-trials, unequal-length, different-seeds, different-targets,"
          + " crashes-metric, unequal-cpu.",
      "",
      "Run mode (--run): K rounds, each one trial of each arm at once on two disjoint CPU sets"
          + " of --cpus-per-trial CPUs (the arms swap sets every round), every instance bound"
          + " to its CPU by the launcher of fuzzprof launch, each trial stopped --duration after"
          + " it started; the CPU each trial received is read from /proc while it runs. Every"
          + " trial's output is kept in OUT/A-1, OUT/B-1, ... with OUT/A-1/fuzzprof-trial.json"
          + " (its CPUs and CPU seconds), so 'compare OUT/A-* --vs OUT/B-*' reads them again;"
          + " the report is also kept in OUT/fuzzprof-compare.json. An arm is"
          + " NAME='FUZZER ARGS -- TARGET', split at spaces (no shell quoting).",
      "",
      "Examples:",
      "  fuzzprof compare runs/aflfast-* --vs runs/afl-* --metric edges --at 6h",
      "  fuzzprof compare --run --trials 10 --duration 10m -i seeds -o ab"
          + " --arm-a fast='afl-fuzz -p fast -- ./target @@'"
          + " --arm-b explore='afl-fuzz -p explore -- ./target @@'"
    })
public final class CompareCommand implements Callable<Integer>, OutputOptions.Formats {
  static final String REPORT = "fuzzprof-compare.json";
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private final Io io;

  @Parameters(paramLabel = "A_DIR", arity = "0..*",
      description = "the trials of arm A: AFL output dirs or libFuzzer logs, one per trial")
  List<Path> a;

  @Option(names = "--vs", paramLabel = "B_DIR", arity = "1..*",
      description = "the trials of arm B")
  List<Path> b;

  @Option(names = "--run", description = "run the trials (needs --trials, --duration, -i, -o,"
      + " --arm-a, --arm-b) and compare them")
  boolean run;

  @Option(names = "--trials", paramLabel = "K", description = "--run: trials per arm")
  Integer trials;

  @Option(names = "--duration", paramLabel = "TIME", converter = DurationOption.TrialTime.class,
      description = "--run: how long each trial runs (20s, 10m, 6h)")
  Duration duration;

  @Option(names = "--cpus-per-trial", paramLabel = "C", defaultValue = "1",
      description = "--run: CPUs (afl-fuzz instances, one -M and C-1 -S when C > 1) per trial;"
          + " default 1")
  int cpusPerTrial;

  @Option(names = {"-i", "--input"}, paramLabel = "IN", description = "--run: the seeds of"
      + " every trial")
  Path input;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "--run: a new"
      + " directory for the trials (OUT/A-1, OUT/B-1, ...)")
  Path outDir;

  @Option(names = "--arm-a", paramLabel = "NAME='FUZZER ARGS -- TARGET'",
      description = "--run: arm A, e.g. fast='afl-fuzz -p fast -- ./target @@'")
  String armA;

  @Option(names = "--arm-b", paramLabel = "NAME='FUZZER ARGS -- TARGET'",
      description = "--run: arm B")
  String armB;

  @Option(names = "--env", paramLabel = "NAME=VALUE",
      description = "--run: a variable for every instance of both arms (repeatable)")
  Map<String, String> env;

  @Option(names = "--ready-timeout", paramLabel = "TIME", defaultValue = "120s",
      converter = DurationOption.TrialTime.class,
      description = "--run: how long an instance may take to bind and write its stats"
          + " (default 120s)")
  Duration readyTimeout;

  @Option(names = "--metric", paramLabel = "METRIC", defaultValue = "edges",
      converter = MetricConverter.class,
      description = "edges (coverage, the default), corpus, execs or crashes")
  Metric metric;

  @Option(names = "--at", paramLabel = "TIME", converter = DurationOption.TrialTime.class,
      description = "compare at this time after each trial's start (90s, 30m, 6h), from"
          + " plot_data; default: at each trial's end")
  Duration at;

  @Option(names = "--name-a", paramLabel = "NAME",
      description = "arm A's name (default: what its directory names share)")
  String nameA;

  @Option(names = "--name-b", paramLabel = "NAME", description = "arm B's name")
  String nameB;

  @Option(names = "--showmap", paramLabel = "BIN",
      description = "each AFL trial's edges from afl-showmap -C over the merged queue of its"
          + " instances, running BIN (the instrumented target, with the trial's own arguments):"
          + " the exact union of a parallel set's coverage, instead of its best instance's"
          + " edges_found; needs the queue/ folders")
  Path showmap;

  @Mixin
  OutputOptions output;

  public CompareCommand(Io io) {
    this.io = io;
  }

  @Override
  public EnumSet<OutputFormat> formats() {
    return EnumSet.of(OutputFormat.text, OutputFormat.json, OutputFormat.html);
  }

  @Override
  public Integer call() throws IOException {
    output.check();
    if (run) {
      return runTrials();
    }
    if (a == null || a.isEmpty() || b == null || b.isEmpty()) {
      throw FuzzprofException.usage("give the trials of both arms: compare A_DIR... --vs"
          + " B_DIR... (or --run to run them)");
    }
    if (at != null && at.toNanos() % 1_000_000_000L != 0) {
      throw FuzzprofException.usage("--at " + at.toMillis() + "ms: plot_data has whole"
          + " seconds; give whole seconds (90s, 30m)");
    }
    Long atSeconds = at == null ? null : at.toSeconds();
    CompareReport r = Comparison.compare(new Comparison.Request(a, b, blank(nameA),
        blank(nameB), metric, atSeconds, showmap));
    output.write(io, w -> {
      switch (output.format()) {
        case json -> Json.write(w, r);
        case html -> w.print(CompareReportHtml.render(r));
        case text -> CompareReportText.write(w, r);
      }
    });
    return Exits.OK;
  }

  private int runTrials() throws IOException {
    if (a != null && !a.isEmpty() || b != null) {
      throw FuzzprofException.usage("--run runs its own trials: give no A_DIR or --vs");
    }
    if (trials == null || duration == null || input == null || outDir == null || armA == null
        || armB == null) {
      throw FuzzprofException.usage("--run needs --trials K --duration T -i IN -o OUT"
          + " --arm-a NAME='FUZZER ARGS -- TARGET' --arm-b NAME='...'");
    }
    if (at != null) {
      throw FuzzprofException.usage("--run compares at equal wall time (the trials' ends,"
          + " each --duration long): no --at");
    }
    if (duration.toNanos() % 1_000_000_000L != 0) {
      throw FuzzprofException.usage("--duration: give whole seconds (20s, 10m)");
    }
    if (Files.isDirectory(outDir)) {
      try (Stream<Path> s = Files.list(outDir)) {
        if (s.findAny().isPresent()) {
          throw FuzzprofException.usage(outDir + " is not empty: give compare --run a new -o");
        }
      }
    }
    CompareRun.Arm arms0 = arm("--arm-a", armA, nameA);
    CompareRun.Arm arms1 = arm("--arm-b", armB, nameB);
    if (arms0.name().equals(arms1.name())) {
      throw FuzzprofException.usage("the arms need different names (both are '"
          + arms0.name() + "')");
    }
    Files.createDirectories(outDir);
    CompareRun.Result res = CompareRun.run(new CompareRun.Request(trials, duration,
        cpusPerTrial, input, outDir, arms0, arms1, env == null ? Map.of() : env, readyTimeout,
        metric), line -> {
          io.err().println(LocalTime.now().format(CLOCK) + "  " + line);
          io.err().flush();
        }, (dir, t) -> OutputOptions.writeFile(dir.resolve(TrialFile.NAME),
            w -> Json.write(w, t)));
    CompareReport r = res.report();
    OutputOptions.writeFile(outDir.resolve(REPORT), w -> Json.write(w, r));
    output.write(io, w -> {
      switch (output.format()) {
        case json -> Json.write(w, r);
        case html -> w.print(CompareReportHtml.render(r));
        case text -> CompareReportText.write(w, r);
      }
    });
    return Exits.OK;
  }

  /** {@code NAME='FUZZER ARGS -- TARGET'}, split at spaces; {@code --name-a} may rename it. */
  static CompareRun.Arm arm(String option, String spec, String rename) {
    int eq = spec.indexOf('=');
    String name = eq > 0 ? spec.substring(0, eq).strip() : "";
    if (name.isEmpty() || name.contains(" ")) {
      throw FuzzprofException.usage(option + " '" + spec + "': write NAME='FUZZER ARGS --"
          + " TARGET', e.g. fast='afl-fuzz -p fast -- ./target @@'");
    }
    List<String> words = List.of(spec.substring(eq + 1).strip().split("\\s+"));
    int dashes = words.indexOf("--");
    if (dashes == 0 && words.size() > 1) {
      // '-- ./libfuzzer_binary FLAGS': no fuzzer before --, the binary is one (libFuzzer)
      return new CompareRun.Arm(blank(rename) != null ? blank(rename) : name, null, List.of(),
          words.subList(1, words.size()));
    }
    if (words.get(0).isEmpty() || dashes < 1 || dashes == words.size() - 1) {
      throw FuzzprofException.usage(option + " '" + spec + "': give the fuzzer, its options,"
          + " then -- and the target: " + name + "='afl-fuzz -p fast -- ./target @@' (a"
          + " libFuzzer binary: " + name + "='-- ./fuzzer -max_len=4096')");
    }
    List<String> opts = words.subList(1, dashes);
    for (String o : List.of("-i", "-o", "-M", "-S", "-b")) {
      if (opts.contains(o)) {
        throw FuzzprofException.usage(option + ": " + o + " is set by compare --run (-i IN,"
            + " -o OUT/A-1..., the instance names and CPUs); leave it out of the arm");
      }
    }
    return new CompareRun.Arm(blank(rename) != null ? blank(rename) : name, words.get(0),
        opts, words.subList(dashes + 1, words.size()));
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** edges, corpus, execs, crashes; one line naming them otherwise. */
  public static final class MetricConverter
      implements picocli.CommandLine.ITypeConverter<Metric> {
    @Override
    public Metric convert(String text) {
      for (Metric m : Metric.values()) {
        if (m.toString().equalsIgnoreCase(text.strip())) {
          return m;
        }
      }
      throw new picocli.CommandLine.TypeConversionException("'" + text
          + "' is not a metric: edges, corpus, execs or crashes");
    }
  }
}
