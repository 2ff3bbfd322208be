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
import java.nio.file.Path;
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
      "Example: fuzzprof compare runs/aflfast-* --vs runs/afl-* --metric edges --at 6h"
    })
public final class CompareCommand implements Callable<Integer>, OutputOptions.Formats {
  private final Io io;

  @Parameters(paramLabel = "A_DIR", arity = "1..*",
      description = "the trials of arm A: AFL output dirs or libFuzzer logs, one per trial")
  List<Path> a;

  @Option(names = "--vs", paramLabel = "B_DIR", arity = "1..*", required = true,
      description = "the trials of arm B")
  List<Path> b;

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
  public Integer call() {
    output.check();
    if (at != null && at.toNanos() % 1_000_000_000L != 0) {
      throw FuzzprofException.usage("--at " + at.toMillis() + "ms: plot_data has whole"
          + " seconds; give whole seconds (90s, 30m)");
    }
    Long atSeconds = at == null ? null : at.toSeconds();
    CompareReport r = Comparison.compare(new Comparison.Request(a, b, blank(nameA),
        blank(nameB), metric, atSeconds));
    output.write(io, w -> {
      switch (output.format()) {
        case json -> Json.write(w, r);
        case html -> w.print(CompareReportHtml.render(r));
        case text -> CompareReportText.write(w, r);
      }
    });
    return Exits.OK;
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
