package dev.fuzzprof.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fuzzprof.analyze.attach.AttachReport;
import dev.fuzzprof.analyze.flame.FlameReport.PathShare;
import dev.fuzzprof.cli.Io;
import dev.fuzzprof.parse.TimeSpan;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.render.AttachReportText;
import dev.fuzzprof.render.Json;
import dev.fuzzprof.service.FlameProfile;
import dev.fuzzprof.service.LiveAttach;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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
          + " process. Ctrl-C ends the count early and still reports."
    })
public final class AttachCommand implements Callable<Integer> {
  private final Io io;

  @Option(names = "--pid", required = true, paramLabel = "PID",
      description = "any process of the campaign")
  int pid;

  @Option(names = "--duration", paramLabel = "TIME", defaultValue = "5s",
      description = "how long to count, e.g. 5s, 500ms, 2 (seconds). Default: ${DEFAULT-VALUE}")
  String duration;

  @Option(names = "--no-trace", description = "skip the strace pattern sample")
  boolean noTrace;

  @Option(names = "--sample-cases", paramLabel = "N",
      defaultValue = "" + LiveAttach.WINDOW_CASES,
      description = "end the strace pattern sample after N cases or --sample-time, whichever"
          + " comes first: traced, the target runs 30-60x slower. Default: ${DEFAULT-VALUE}")
  int windowCases;

  @Option(names = "--sample-time", paramLabel = "TIME",
      description = "longest strace pattern sample. Default: 4%% of --duration, 0.1 to 1 s")
  String windowTime;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (for people) or json (stable keys, for scripts). Default: ${DEFAULT-VALUE}")
  OutputFormat format;

  public AttachCommand(Io io) {
    this.io = io;
  }

  @Option(names = "--stacks",
      description = "after the count, profile the target for 2 s with perf (user and kernel"
          + " stacks) and add its hottest kernel paths to the report (`kernelPaths`). Sampling"
          + " every task switch costs the target a little while it runs.")
  boolean stacks;

  @Override
  public Integer call() {
    double seconds = seconds(duration);
    double window = windowTime == null ? LiveAttach.windowSeconds(seconds) : seconds(windowTime);
    LiveAttach.Options options =
        new LiveAttach.Options(pid, seconds, !noTrace, windowCases, window);
    if (!stacks) {
      LiveAttach.run(options, this::print);
      return 0;
    }
    AttachReport r = LiveAttach.run(options, report -> { });
    List<PathShare> paths = List.of();
    String failed = null;
    try {
      paths = FlameProfile.topKernelPaths(r.pid(), Duration.ofSeconds(2));
    } catch (FuzzprofException e) {
      failed = e.getMessage();
    }
    if (format == OutputFormat.json) {
      ObjectNode node = Json.mapper().valueToTree(r);
      node.set("kernelPaths", Json.mapper().valueToTree(paths));
      if (failed != null) {
        node.put("kernelPathsMissing", failed);
      }
      Json.write(io.out(), node);
    } else {
      AttachReportText.write(io.out(), r);
      io.out().println();
      io.out().println("Kernel paths (perf record -g, 2 s, share of all samples)");
      if (failed != null) {
        io.out().println("  not profiled: " + failed);
      }
      for (PathShare p : paths) {
        io.out().println(String.format(Locale.ROOT, "  %5.1f%%  %s", p.percent(),
            String.join(" > ", p.path())));
      }
    }
    io.out().flush();
    return 0;
  }

  private void print(AttachReport r) {
    if (format == OutputFormat.json) {
      Json.write(io.out(), r);
    } else {
      AttachReportText.write(io.out(), r);
    }
    io.out().flush();
  }

  static double seconds(String s) {
    double v = TimeSpan.seconds(s).orElseThrow(
        () -> FuzzprofException.usage("--duration: not a time: " + s + " (e.g. 5s, 500ms)"));
    if (v <= 0 || v > 3600) {
      throw FuzzprofException.usage("--duration must be between 0 and 1h: " + s);
    }
    return v;
  }
}
