package dev.fuzzprof.cli.command;

import dev.fuzzprof.cli.Exits;
import dev.fuzzprof.cli.Io;
import dev.fuzzprof.render.Figures;
import dev.fuzzprof.service.campaign.Campaigns;
import dev.fuzzprof.render.Json;
import dev.fuzzprof.service.campaign.Snapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    description = {
      "Record what a scaling report needs into one JSON file: the AFL files of every instance"
          + " (fuzzer_stats, plot_data, fuzzer_setup, cmdline), two samples of /proc (per CPU,"
          + " and each live afl-fuzz with its target) --sample apart, and the CPU topology.",
      "",
      "Replay it later, on any machine (e.g. attached to a bug report):",
      "  fuzzprof snapshot sync --out campaign.json",
      "  fuzzprof scaling-report --from-snapshot campaign.json"
    })
public final class SnapshotCommand implements Callable<Integer> {
  private final Io io;

  @Parameters(index = "0", paramLabel = "OUT_DIR",
      description = "the -o directory of afl-fuzz (a sync dir, out/default, or one instance)")
  Path outDir;

  @Option(names = "--out", paramLabel = "FILE", required = true,
      description = "the snapshot file to write (JSON)")
  Path out;

  @Option(names = "--sample", paramLabel = "TIME", defaultValue = "2s",
      converter = DurationOption.Sample.class,
      description = "time between the two /proc samples, 100ms to 10m."
          + " Default: ${DEFAULT-VALUE}")
  Duration sample;

  public SnapshotCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    Snapshot s = Campaigns.snapshot(outDir, DurationOption.seconds(sample));
    OutputOptions.writeFile(out, w -> Json.write(w, s));
    io.out().println("wrote " + out + ": " + s.instances().size() + " instance(s), "
        + (s.procFirst().size() + s.procSecond().size()) + " /proc files over "
        + Figures.one(s.sampleSeconds()) + " s");
    if (s.notes() != null) {
      for (String note : s.notes()) {
        io.out().println("  note: " + note);
      }
    }
    return Exits.OK;
  }
}
