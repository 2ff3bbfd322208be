package dev.fuzzprof.cli.command;

import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.analyze.campaign.CampaignReport;
import dev.fuzzprof.cli.Exits;
import dev.fuzzprof.cli.Io;
import dev.fuzzprof.console.LiveTop;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.render.Json;
import dev.fuzzprof.render.TopScreen;
import dev.fuzzprof.render.TopSort;
import dev.fuzzprof.service.campaign.TopSampler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "top",
    mixinStandardHelpOptions = true,
    description = {
      "A live view of a fuzzing box: a bar per core split into user and kernel time (kernel in"
          + " red), then a row per afl-fuzz instance (execs/s, CPU and kernel share, the CPUs it"
          + " is bound to and last ran on, run-queue wait), with collisions (busy instances bound"
          + " to the same single CPU), idle cores, the campaign's execs/s and scaling"
          + " efficiency.",
      "",
      "Keys: q quits, s cycles the sort (execs, kernel, cpu, name).",
      "When output is not a terminal (or with --plain) it prints a plain snapshot every"
          + " interval instead, for logs, as wide as the terminal (or $COLUMNS).",
      "--format json prints one JSON object per refresh (JSON Lines) with the keys of"
          + " scaling-report --format json: instances, collisions, perCore,"
          + " cumulativeExecsPerSec, cumulativeInstances, scalingEfficiency, findings.",
      "",
      "Every figure is computed by the same code as scaling-report: execs/s from counters"
          + " (fuzzer_stats writes, plot_data rows 10 s apart, or, in an instance's first"
          + " minute, its cases counted in the kernel), CPU of afl-fuzz and all its target"
          + " children, busy = ran or waited for a fifth of a CPU."
    })
public final class TopCommand implements Callable<Integer>, OutputOptions.Formats {
  private final Io io;

  @Parameters(index = "0", arity = "0..1", paramLabel = "OUT_DIR",
      description = "the afl-fuzz -o directory; without it, every running afl-fuzz is shown")
  Path outDir;

  @Option(names = "--interval", paramLabel = "TIME", defaultValue = "1s",
      converter = DurationOption.Refresh.class,
      description = "time between refreshes, 100ms to 1h: 1s, 500ms, 2."
          + " Default: ${DEFAULT-VALUE}")
  Duration interval;

  @Option(names = "--iterations", paramLabel = "N", defaultValue = "0",
      description = "stop after N refreshes; 0 runs until q or Ctrl-C. Default: ${DEFAULT-VALUE}")
  int iterations;

  @Option(names = "--plain", description = "plain text snapshots even on a terminal")
  boolean plain;

  @Mixin
  OutputOptions output;

  @Override
  public EnumSet<OutputFormat> formats() {
    return EnumSet.of(OutputFormat.text, OutputFormat.json);
  }

  @Option(names = "--sort", paramLabel = "KEY", defaultValue = "execs",
      completionCandidates = SortKeys.class,
      description = "first sort: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}")
  String sortKey;

  /** The sort keys, for help and completion. */
  static final class SortKeys extends java.util.ArrayList<String> {
    SortKeys() {
      for (TopSort s : TopSort.values()) {
        add(s.name().toLowerCase(Locale.ROOT));
      }
    }
  }

  public TopCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws IOException {
    output.check();
    if (iterations < 0) {
      throw FuzzprofException.usage("--iterations must be 0 or more");
    }
    TopSort sort;
    try {
      sort = TopSort.valueOf(sortKey.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw FuzzprofException.usage("--sort must be one of " + new SortKeys() + " (got '"
          + sortKey + "')");
    }
    try (TopSampler sampler = new TopSampler(ProcFs.live(), outDir)) {
      return show(sampler, sort);
    }
  }

  private int show(TopSampler sampler, TopSort sort) throws IOException {
    boolean json = output.format() == OutputFormat.json;
    if (!json && !plain && output.out == null
        && LiveTop.onTerminal(sampler, interval, iterations, sort)) {
      return Exits.OK;
    }
    PrintWriter out = output.open(io);
    try {
      return snapshots(out, sampler, sort, json);
    } finally {
      if (out != io.out()) {
        out.close();
      }
    }
  }

  /**
   * Prints a plain snapshot (or a JSON line) per interval; Ctrl-C (an interrupt, in the
   * console) ends it quietly.
   */
  private int snapshots(PrintWriter out, TopSampler sampler, TopSort sort, boolean json) {
    sampler.start();
    int width = LiveTop.plainWidth();
    for (int i = 0; iterations == 0 || i < iterations; i++) {
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Exits.INTERRUPTED;
      }
      CampaignReport r = sampler.refresh();
      if (json) {
        out.println(Json.line(r));
      } else {
        String title = "fuzzprof top  " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
            + "  over " + String.format(Locale.ROOT, "%.1f", r.sampleSeconds() == null ? 0
                : r.sampleSeconds()) + " s";
        out.print(TopScreen.plain(r, sort, width, title));
        out.println();
      }
      out.flush();
    }
    return Exits.OK;
  }
}
