package dev.fuzzprof.cli.command;

import dev.fuzzprof.analyze.fleet.FleetReport;
import dev.fuzzprof.cli.Exits;
import dev.fuzzprof.cli.Io;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.render.FleetReportHtml;
import dev.fuzzprof.render.FleetReportText;
import dev.fuzzprof.render.Json;
import dev.fuzzprof.service.fleet.FleetQuery;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    description = {
      "The scaling report across hosts, from a Prometheus server that scrapes fuzzprof exporter"
          + " on each of them: per host (Prometheus's instance label) and in total, execs/s"
          + " (the rate of AFL's own counter over --window), instances live and dead, stale"
          + " ones (fuzzer_stats older than 5 min), CPUs' worth of CPU time used, bound CPUs,"
          + " collided CPUs, idle CPUs, the kernel's share, the exporters' findings and the"
          + " fleet's own (affinity-collision, idle-cores, dead-instance, stale-stats,"
          + " kernel-heavy).",
      "",
      "Prometheus needs a few scrapes inside --window before rate() has a value.",
      "Exit 0; 1 when Prometheus cannot be reached, is not Prometheus, or has no fuzzprof"
          + " series."
    })
public final class FleetCommand implements Callable<Integer>, OutputOptions.Formats {
  private final Io io;

  @Option(names = "--prometheus", paramLabel = "URL", required = true,
      description = "the Prometheus server, e.g. http://127.0.0.1:9090")
  String prometheus;

  @Option(names = "--window", paramLabel = "TIME", defaultValue = "5m",
      converter = DurationOption.Window.class,
      description = "the range of the rates, whole seconds, 1s to 1h (60s, 5m)."
          + " Default: ${DEFAULT-VALUE}")
  Duration window;

  @Mixin
  OutputOptions output;

  public FleetCommand(Io io) {
    this.io = io;
  }

  @Override
  public EnumSet<OutputFormat> formats() {
    return EnumSet.of(OutputFormat.text, OutputFormat.json, OutputFormat.html);
  }

  @Override
  public Integer call() {
    output.check();
    if (window.toMillis() % 1000 != 0 || window.toSeconds() < 1) {
      throw FuzzprofException.usage("--window must be whole seconds (60s, 5m), got "
          + DurationOption.words(window));
    }
    FleetReport r = FleetQuery.report(prometheus, window.toSeconds());
    output.write(io, w -> {
      switch (output.format()) {
        case json -> Json.write(w, r);
        case html -> w.print(FleetReportHtml.render(r));
        case text -> FleetReportText.write(w, r);
      }
    });
    return Exits.OK;
  }
}
