package dev.fuzzprof.cli.command;

import dev.fuzzprof.acquire.profile.ProfileTarget;
import dev.fuzzprof.cli.Io;
import dev.fuzzprof.parse.TimeSpan;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.render.FlameReportText;
import dev.fuzzprof.render.Json;
import dev.fuzzprof.service.FlameProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "flame",
    mixinStandardHelpOptions = true,
    description = {
      "Sample the CPU stacks of a running process, user and kernel frames together, and write an"
          + " interactive flame graph (one HTML file) plus the collapsed stacks. Prints the user"
          + " vs kernel share, the hottest kernel frames and paths, and the syscalls they serve.",
      "",
      "  fuzzprof flame --pid PID [--duration 10s] [--out flame.html]",
      "  fuzzprof flame [--duration 10s] -- ./target ARGS     (launch under perf)",
      "",
      "Native targets are sampled with perf record -g on the pid (and its children: give the"
          + " fork server or the persistent child); perf sends the target no signal, so a"
          + " target that stops itself with SIGSTOP keeps running. JVMs (Jazzer) get"
          + " async-profiler, bundled, attached through the JVM's attach mechanism."
    })
public final class FlameCommand implements Callable<Integer> {
  private final Io io;

  @Option(names = "--pid", paramLabel = "PID", description = "the process to profile")
  Long pid;

  @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s",
      description = "how long to sample: 10s, 500ms, 2m, or seconds. Default: ${DEFAULT-VALUE}")
  String duration;

  @Option(names = "--out", paramLabel = "FILE.html",
      description = "the flame graph; FILE.collapsed is written next to it."
          + " Default: flame-PID.html (flame.html for a launched command)")
  Path out;

  @Option(names = "--profiler", paramLabel = "auto|perf|async", defaultValue = "auto",
      description = "auto: async-profiler for a JVM, perf otherwise. Default: ${DEFAULT-VALUE}")
  FlameProfile.Profiler profiler;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (for people) or json (stable keys, for scripts). Default: ${DEFAULT-VALUE}")
  OutputFormat format;

  @Parameters(paramLabel = "CMD", arity = "0..*",
      description = "after --: a command to start under the profiler")
  List<String> command;

  public FlameCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() {
    boolean launch = command != null && !command.isEmpty();
    if (launch == (pid != null)) {
      throw FuzzprofException.usage(launch ? "give --pid or a command after --, not both"
          : "give --pid PID, or a command to launch after --");
    }
    Duration d = parseDuration(duration);
    ProfileTarget target = launch ? new ProfileTarget.Launch(command)
        : new ProfileTarget.Attach(List.of(pid));
    Path html = out != null ? out : Path.of(launch ? "flame.html" : "flame-" + pid + ".html");
    FlameProfile.Result r = FlameProfile.run(new FlameProfile.Request(target, d, profiler, html));
    if (format == OutputFormat.json) {
      Json.write(io.out(), r.report());
    } else {
      FlameReportText.write(io.out(), launch ? String.join(" ", command) : "pid " + pid, r.report());
    }
    return 0;
  }

  static Duration parseDuration(String s) {
    double v = TimeSpan.seconds(s).orElseThrow(
        () -> FuzzprofException.usage("--duration " + s + ": not a time (10s, 500ms, 2m)"));
    Duration d = Duration.ofMillis(Math.round(v * 1000));
    if (d.toMillis() < 100) {
      throw FuzzprofException.usage("--duration " + s + " is too short: at least 100ms");
    }
    return d;
  }
}
