package dev.fuzzprof.cli.command;

import dev.fuzzprof.cli.Io;
import dev.fuzzprof.render.Figures;
import dev.fuzzprof.service.Campaigns;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.service.Snapshot;
import java.nio.file.Path;
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

  @Option(names = "--sample", paramLabel = "DURATION", defaultValue = "2s",
      description = "time between the two /proc samples. Default: ${DEFAULT-VALUE}")
  String sample;

  public SnapshotCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    Snapshot s = Campaigns.snapshot(outDir, SampleOption.seconds(sample));
    try {
      java.nio.file.Files.writeString(out, Campaigns.toJson(s),
          java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw FuzzprofException.data(out + ": cannot write: " + e.getMessage());
    }
    io.out().println("wrote " + out + ": " + s.instances().size() + " instance(s), "
        + (s.procFirst().size() + s.procSecond().size()) + " /proc files over "
        + Figures.one(s.sampleSeconds()) + " s");
    return 0;
  }
}
