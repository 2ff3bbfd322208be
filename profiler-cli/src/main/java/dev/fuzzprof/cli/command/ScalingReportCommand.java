package dev.fuzzprof.cli.command;

import dev.fuzzprof.cli.Exits;
import dev.fuzzprof.cli.Io;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.render.Json;
import dev.fuzzprof.render.ScalingReportHtml;
import dev.fuzzprof.render.ScalingReportText;
import dev.fuzzprof.service.campaign.Campaigns;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "scaling-report",
    mixinStandardHelpOptions = true,
    description = {
      "Are all cores used, and does the campaign scale? Reads an AFL/AFL++ output directory"
          + " (a sync dir of -M/-S instances, or out/default) and, for live instances, /proc:"
          + " where each afl-fuzz and its target may run (Cpus_allowed_list), what they cost,"
          + " and how busy each CPU is over --sample.",
      "",
      "The recipe that scales: one instance per core, each pinned to its own CPU:",
      "  export AFL_NO_AFFINITY=1",
      "  taskset -c 0 afl-fuzz -M main -i in -o sync -- ./target &",
      "  taskset -c 1 afl-fuzz -S s1   -i in -o sync -- ./target &   (and so on)",
      "or let afl-fuzz bind itself with -b N. AFL++'s own binding cannot see taskset",
      "ranges or other containers, and fuzzer_stats says cpu_affinity -1 under",
      "AFL_NO_AFFINITY: only /proc tells where an instance really runs.",
      "",
      "Findings (stable ids):",
      "  affinity-collision   two or more busy instances bound to one CPU",
      "  smt-contention       busy instances on hyperthreads of one core",
      "  idle-cores           online CPUs not busy (under 50%% use) during the sample",
      "  oversubscribed       more instances want a CPU than there are CPUs",
      "  kernel-heavy         over 30%% of busy CPU time spent in the kernel",
      "  scaling-below-linear cumulative execs/s under 80%% of baseline x instances",
      "  efficiency-suspect   an efficiency over 110%%: the baseline is too low",
      "  failed-start         a folder that never got fuzzer_stats (no free CPU, -i- ...)",
      "  dead-instance        fuzzer_pid gone, or reused by another program",
      "  stale-stats          a live instance's fuzzer_stats unchanged for 5 min",
      "  stopped              afl-fuzz stayed in State T through the sample",
      "  low-stability        stability under 90%%",
      "  slow-instance        a -S instance under half the others' median execs/s",
      "",
      "Execs/s come from counters over a known interval, never from plot_data's",
      "instantaneous column: execs_done between two fuzzer_stats writes, total_execs",
      "between plot_data rows 10 s or more apart, or (in the first minute, before",
      "AFL++ writes any rate) the fork server's cases counted in the kernel over",
      "--sample (perf, root). execsSource and execsSeconds say which, per instance.",
      "",
      "Status: running, starting (first minute), stale, dead, never-ran, unknown",
      "(its pid is in another PID namespace while its files still change).",
      "",
      "Scaling efficiency = cumulative execs/s / (baseline x instances). The",
      "baseline is --baseline, or --baseline-dir (a pinned single-instance run),",
      "or else the median of -S instances verified to have a CPU to themselves",
      "(never the -M one: it runs deterministic stages and is slower).",
      "",
      "Exit 0; or 1, after the report, when some instance's files were unreadable."
    })
public final class ScalingReportCommand implements Callable<Integer>, OutputOptions.Formats {
  private final Io io;

  @Parameters(index = "0", paramLabel = "OUT_DIR", arity = "0..1",
      description = "the -o directory of afl-fuzz (a sync dir, out/default, or one instance)")
  Path outDir;

  @Option(names = "--sample", paramLabel = "TIME", defaultValue = "2s",
      converter = DurationOption.Sample.class,
      description = "how long to watch /proc for CPU use, 100ms to 10m (2s, 500ms)."
          + " Default: ${DEFAULT-VALUE}")
  Duration sample;

  @Option(names = "--baseline", paramLabel = "EXECS",
      description = "execs/s of one instance running alone, for the scaling efficiency")
  Double baseline;

  @Option(names = "--baseline-dir", paramLabel = "DIR",
      description = "output dir of a single-instance run; its execs_per_sec is the baseline")
  Path baselineDir;

  @Mixin
  OutputOptions output;

  @Override
  public EnumSet<OutputFormat> formats() {
    return EnumSet.of(OutputFormat.text, OutputFormat.json, OutputFormat.html);
  }

  @Option(names = "--from-snapshot", paramLabel = "FILE",
      description = "report from a file made by fuzzprof snapshot instead of a live directory")
  Path fromSnapshot;

  public ScalingReportCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    if ((outDir == null) == (fromSnapshot == null)) {
      throw FuzzprofException.usage("give OUT_DIR or --from-snapshot FILE (one of them)");
    }
    output.check();
    if (baseline != null && baselineDir != null) {
      throw FuzzprofException.usage("give --baseline or --baseline-dir, not both");
    }
    if (baseline != null && !(baseline > 0)) {
      throw FuzzprofException.usage("--baseline must be a positive number of execs/s");
    }
    Campaigns.BaselineOption b = new Campaigns.BaselineOption(baseline, baselineDir);
    Campaigns.Outcome o = fromSnapshot != null
        ? Campaigns.fromSnapshot(fromSnapshot, b)
        : Campaigns.live(outDir, DurationOption.seconds(sample), b);
    output.write(io, w -> {
      switch (output.format()) {
        case json -> Json.write(w, o.report());
        case html -> w.print(ScalingReportHtml.render(o.report()));
        case text -> ScalingReportText.write(w, o.report());
      }
    });
    if (!o.problems().isEmpty()) {
      throw FuzzprofException.data(o.problems().size() + " instance(s) unreadable, report made"
          + " from the rest: " + String.join("; ", o.problems().subList(0,
              Math.min(3, o.problems().size())))
          + (o.problems().size() > 3 ? "; ..." : ""));
    }
    return Exits.OK;
  }
}
