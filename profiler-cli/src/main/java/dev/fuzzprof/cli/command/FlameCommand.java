package dev.fuzzprof.cli.command;

import dev.fuzzprof.acquire.profile.PerfRecorder;
import dev.fuzzprof.acquire.profile.ProfileTarget;
import dev.fuzzprof.cli.Exits;
import dev.fuzzprof.cli.Io;
import dev.fuzzprof.analyze.flame.FlameReport;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.render.CollapsedStacks;
import dev.fuzzprof.render.FlameGraphHtml;
import dev.fuzzprof.render.FlameReportText;
import dev.fuzzprof.render.Json;
import dev.fuzzprof.service.flame.FlameProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
      converter = DurationOption.Window.class,
      description = "how long to sample, 100ms to 1h: 10s, 500ms, 2m, or seconds."
          + " Default: ${DEFAULT-VALUE}")
  Duration duration;

  @Option(names = "--out", paramLabel = "FILE.html",
      description = "the flame graph, always written (drawn by async-profiler's converter);"
          + " FILE.collapsed, the stacks as text, is written next to it."
          + " Default: flame-PID.html (flame.html for a launched command)")
  Path out;

  @Option(names = "--profiler", paramLabel = "auto|perf|async", defaultValue = "auto",
      description = "auto: async-profiler for a JVM, perf otherwise. Default: ${DEFAULT-VALUE}")
  FlameProfile.Profiler profiler;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "the report on standard output: text (for people) or json (stable keys,"
          + " for scripts). Default: ${DEFAULT-VALUE}")
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
    if (format == OutputFormat.html) {
      throw FuzzprofException.usage("--format html: flame always writes its page to --out;"
          + " --format is text or json, for the report on standard output");
    }
    ProfileTarget target = launch ? new ProfileTarget.Launch(command)
        : new ProfileTarget.Attach(List.of(pid));
    Path html = out != null ? out : Path.of(launch ? "flame.html" : "flame-" + pid + ".html");
    // Ctrl-C / SIGTERM: perf stops, and the JVM waits (up to 20 s) for what it sampled to be
    // analysed and written
    PerfRecorder recorder = PerfRecorder.system();
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      recorder.stop();
      try {
        done.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "fuzzprof-flame-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      FlameProfile.Result r = FlameProfile.run(
          new FlameProfile.Request(target, duration, profiler), recorder);
      Path collapsed = collapsedPath(html);
      OutputOptions.writeFile(html, w -> w.print(FlameGraphHtml.render(r.title(), r.stacks())));
      OutputOptions.writeFile(collapsed, w -> CollapsedStacks.write(w, r.stacks()));
      FlameReport report = r.report().withOutput(html.toString(), collapsed.toString());
      if (format == OutputFormat.json) {
        Json.write(io.out(), report);
      } else {
        FlameReportText.write(io.out(), launch ? String.join(" ", command) : "pid " + pid,
            report);
      }
      io.out().flush();
      return recorder.stopped() ? Exits.INTERRUPTED : Exits.OK;
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook is running
      }
    }
  }

  /** The collapsed stacks file next to the page: {@code f.html} -> {@code f.collapsed}. */
  static Path collapsedPath(Path html) {
    String name = html.getFileName().toString();
    String base = name.endsWith(".html") ? name.substring(0, name.length() - 5)
        : name.endsWith(".htm") ? name.substring(0, name.length() - 4) : name;
    return html.resolveSibling(base + ".collapsed");
  }
}
