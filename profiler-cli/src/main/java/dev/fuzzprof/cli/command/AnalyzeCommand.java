package dev.fuzzprof.cli.command;

import dev.fuzzprof.analyze.trace.TraceReport;
import dev.fuzzprof.cli.Io;
import dev.fuzzprof.render.Json;
import dev.fuzzprof.render.TraceReportText;
import dev.fuzzprof.service.TraceAnalysis;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Analyze a saved syscall trace of a fuzz target: how cases are run (persistent, fork"
          + " server, shared memory, exec), syscalls per case, the per-case sequence, and what"
          + " to change.",
      "",
      "Record a trace of a running target for a second, then analyze it:",
      "  strace -f -ttt -T -o trace.txt -p PID      (PID: the target, or its fork server)",
      "  perf trace -o trace.txt -p PID             (lighter on the target)",
      "  fuzzprof analyze trace.txt",
      "Any strace output shape works: with or without -f, -t/-tt/-ttt, -T, -y."
    })
public final class AnalyzeCommand implements Callable<Integer> {
  private final Io io;

  @Parameters(index = "0", paramLabel = "TRACE",
      description = "strace or perf trace text output; - reads standard input")
  String trace;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (for people) or json (stable keys, for scripts). Default: ${DEFAULT-VALUE}")
  OutputFormat format;

  public AnalyzeCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    TraceReport report = TraceAnalysis.analyze(trace, io.in());
    if (format == OutputFormat.json) {
      Json.write(io.out(), report);
    } else {
      TraceReportText.write(io.out(), "-".equals(trace) ? "standard input" : trace, report);
    }
    return 0;
  }
}
