package dev.fuzzprof.cli.command;

import dev.fuzzprof.cli.Exits;
import dev.fuzzprof.cli.Io;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.render.AttachReportText;
import dev.fuzzprof.render.Json;
import dev.fuzzprof.service.attach.LiveAttach;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "attach",
    mixinStandardHelpOptions = true,
    description = {
      "Profile a running fuzz target live, without restarting it: cases/s, syscalls per case"
          + " (counted in the kernel with perf), kernel vs user time, per-core use, and a short"
          + " strace sample of the per-case pattern whose own slowdown is reported.",
      "",
      "PID may be the afl-fuzz parent, its fork server, the persistent child, or any plain"
          + " process. Ctrl-C ends the count early and still reports.",
      "",
      "An in-process fuzzer (a binary built with clang -fsanitize=fuzzer that afl-fuzz does"
          + " not run: libFuzzer) gets mode libfuzzer: a uprobe on LLVMFuzzerTestOneInput"
          + " counts its inputs for --sample-time (each hit costs the target about a"
          + " microsecond, so the window is short and its cost is printed), /proc gives its CPU"
          + " over --duration, and its log (stderr, or --log) gives libFuzzer's own exec/s."
    })
public final class AttachCommand implements Callable<Integer>, OutputOptions.Formats {
  private final Io io;

  @Option(names = "--pid", required = true, paramLabel = "PID",
      description = "any process of the campaign")
  int pid;

  @Option(names = "--duration", paramLabel = "TIME", defaultValue = "5s",
      converter = DurationOption.Window.class,
      description = "how long to count, 100ms to 1h: 5s, 500ms, 2 (seconds)."
          + " Default: ${DEFAULT-VALUE}")
  Duration duration;

  @Option(names = "--no-trace", description = "skip the strace pattern sample")
  boolean noTrace;

  @Option(names = "--sample-cases", paramLabel = "N",
      defaultValue = "" + LiveAttach.WINDOW_CASES,
      description = "end the strace pattern sample after N cases or --sample-time, whichever"
          + " comes first: traced, the target runs 30-60x slower. Default: ${DEFAULT-VALUE}")
  int windowCases;

  @Option(names = "--sample-time", paramLabel = "TIME",
      converter = DurationOption.Traced.class,
      description = "longest strace pattern sample, 10ms to 1m."
          + " Default: 4%% of --duration, 0.1 to 1 s")
  Duration windowTime;

  @Option(names = "--stacks",
      description = "after the count, profile the target for " + LiveAttach.STACKS_SECONDS
          + " s with perf (user and kernel stacks) and add its hottest kernel paths to the"
          + " report (`kernelPaths`). Sampling every task switch costs the target a little"
          + " while it runs.")
  boolean stacks;

  @Option(names = "--log", paramLabel = "FILE",
      description = "an in-process fuzzer's log (libFuzzer's redirected stderr), for its own"
          + " exec/s beside the count; found by itself when its stderr is a file")
  java.nio.file.Path log;

  @Mixin
  OutputOptions output;

  @Override
  public EnumSet<OutputFormat> formats() {
    return EnumSet.of(OutputFormat.text, OutputFormat.json);
  }

  public AttachCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    output.check();
    if (windowCases < 1) {
      throw FuzzprofException.usage("--sample-cases must be 1 or more (got " + windowCases + ")");
    }
    double seconds = DurationOption.seconds(duration);
    double window = windowTime == null ? LiveAttach.windowSeconds(seconds)
        : DurationOption.seconds(windowTime);
    LiveAttach.run(new LiveAttach.Options(pid, seconds, !noTrace, windowCases, window, stacks,
            log),
        r -> output.write(io, w -> {
          if (output.format() == OutputFormat.json) {
            Json.write(w, r);
          } else {
            AttachReportText.write(w, r);
          }
        }));
    return Exits.OK;
  }
}
