package dev.fuzzprof.cli.command;

import dev.fuzzprof.analyze.trace.TraceReport;
import dev.fuzzprof.cli.Exits;
import dev.fuzzprof.cli.Io;
import dev.fuzzprof.render.Json;
import dev.fuzzprof.render.TraceReportText;
import dev.fuzzprof.service.trace.TraceAnalysis;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
public final class AnalyzeCommand implements Callable<Integer>, OutputOptions.Formats {
  private final Io io;

  @Parameters(index = "0", paramLabel = "TRACE",
      description = "strace or perf trace text output; - reads standard input")
  String trace;

  @Mixin
  OutputOptions output;

  @Override
  public EnumSet<OutputFormat> formats() {
    return EnumSet.of(OutputFormat.text, OutputFormat.json);
  }

  public AnalyzeCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    output.check();
    TraceReport report = TraceAnalysis.analyze(trace, io.in());
    output.write(io, w -> {
      if (output.format() == OutputFormat.json) {
        Json.write(w, report);
      } else {
        TraceReportText.write(w, "-".equals(trace) ? "standard input" : trace, report);
      }
    });
    return Exits.OK;
  }
}
