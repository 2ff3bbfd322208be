package dev.fuzzprof.service;

import dev.fuzzprof.acquire.profile.AsyncProfilerRunner;
import dev.fuzzprof.acquire.profile.PerfRecorder;
import dev.fuzzprof.acquire.profile.ProcessTree;
import dev.fuzzprof.acquire.profile.ProfileCapture;
import dev.fuzzprof.acquire.profile.ProfileTarget;
import dev.fuzzprof.analyze.flame.FlameAnalyzer;
import dev.fuzzprof.analyze.flame.FlameReport;
import dev.fuzzprof.analyze.flame.FlameReport.PathShare;
import dev.fuzzprof.parse.profile.CollapsedStacksParser;
import dev.fuzzprof.parse.profile.PerfScriptParser;
import dev.fuzzprof.parse.profile.Stack;
import dev.fuzzprof.parse.profile.Stacks;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.render.FlameGraphHtml;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * acquire -> parse -> analyze -> write for {@code fuzzprof flame}: profile a process (perf, or
 * async-profiler for a JVM), or a command launched under perf, then write the flame graph and the
 * collapsed stacks.
 */
public final class FlameProfile {
  private FlameProfile() {}

  /** Which profiler to use: {@code auto} picks async-profiler for a JVM, perf for the rest. */
  public enum Profiler {
    auto,
    perf,
    async
  }

  /**
   * @param target the process(es) to attach to, or the command to launch
   * @param duration how long to sample (a launched command is stopped when it is up)
   * @param profiler which profiler
   * @param html where to write the flame graph, or null to write no files
   */
  public record Request(ProfileTarget target, Duration duration, Profiler profiler, Path html) {}

  /** What was profiled and what came of it. */
  public record Result(FlameReport report, List<Stack> stacks) {}

  public static Result run(Request req) {
    ProcessTree tree = ProcessTree.system();
    Long pid = null;
    ProfileTarget target = req.target();
    if (target instanceof ProfileTarget.Attach a) {
      pid = a.pids().get(0);
      if (!tree.exists(pid)) {
        throw FuzzprofException.data("no process " + pid + " (/proc/" + pid + " does not exist)");
      }
      if (!tree.running(pid)) {
        throw FuzzprofException.data("process " + pid + " is a zombie: it has exited");
      }
      // The whole process tree: a fork server's persistent child is where the cases run.
      target = new ProfileTarget.Attach(tree.withDescendants(pid));
    }
    boolean async = switch (req.profiler()) {
      case async -> true;
      case perf -> false;
      case auto -> pid != null && tree.isJvm(pid) && AsyncProfilerRunner.supported();
    };
    if (async && pid == null) {
      throw FuzzprofException.usage("async-profiler attaches to a running JVM: start it, then"
          + " fuzzprof flame --pid PID");
    }
    if (async && !tree.isJvm(pid)) {
      throw FuzzprofException.data("process " + pid + " is not a JVM (no libjvm.so mapped);"
          + " use --profiler perf");
    }
    Path work = tempDir();
    try {
      ProfileCapture capture = async
          ? AsyncProfilerRunner.system().profile(pid, req.duration(), work)
          : PerfRecorder.system().record(target, req.duration(), work);
      Stacks stacks = parse(capture);
      FlameReport report = FlameAnalyzer.analyze(stacks.stacks(),
          async ? FlameReport.Mode.ASYNC_PROFILER : FlameReport.Mode.PERF, pid,
          Math.round(capture.seconds() * 10) / 10.0, pid != null && capture.targetExited());
      if (req.html() != null) {
        report = write(req.html(), report, stacks.stacks(), describe(req, pid, tree));
      }
      return new Result(report, stacks.stacks());
    } finally {
      deleteTree(work);
    }
  }

  /**
   * The hottest kernel call paths of a running process, from a short profile that writes no
   * files: for other commands' reports (e.g. {@code attach --stacks}).
   */
  public static List<PathShare> topKernelPaths(long pid, Duration duration) {
    return run(new Request(new ProfileTarget.Attach(List.of(pid)), duration, Profiler.auto, null))
        .report().kernelPaths();
  }

  /** The collapsed stacks file written next to {@code html}: {@code f.html} -> {@code f.collapsed}. */
  public static Path collapsedPath(Path html) {
    String name = html.getFileName().toString();
    String base = name.endsWith(".html") ? name.substring(0, name.length() - 5)
        : name.endsWith(".htm") ? name.substring(0, name.length() - 4) : name;
    return html.resolveSibling(base + ".collapsed");
  }

  private static FlameReport write(Path html, FlameReport report, List<Stack> stacks, String title) {
    Path collapsed = collapsedPath(html);
    String subtitle = report.mode() + ", " + report.seconds() + " s, " + report.samples()
        + " samples: user " + report.userPercent() + "%, kernel " + report.kernelPercent() + "%"
        + (report.partial() ? " (partial: the target exited)" : "");
    try {
      Path parent = html.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(html, FlameGraphHtml.render(title, subtitle, stacks), StandardCharsets.UTF_8);
      try (BufferedWriter w = Files.newBufferedWriter(collapsed, StandardCharsets.UTF_8)) {
        for (Stack s : stacks) {
          w.write(CollapsedStacksParser.line(s));
          w.newLine();
        }
      }
    } catch (IOException e) {
      throw FuzzprofException.data("cannot write " + html + ": " + e.getMessage());
    }
    return report.withOutput(html.toString(), collapsed.toString());
  }

  private static String describe(Request req, Long pid, ProcessTree tree) {
    if (pid != null) {
      return "fuzzprof flame: pid " + pid + " (" + tree.comm(pid) + ")";
    }
    return "fuzzprof flame: " + String.join(" ", ((ProfileTarget.Launch) req.target()).command());
  }

  static Stacks parse(ProfileCapture c) {
    try (BufferedReader in = Files.newBufferedReader(c.text(), StandardCharsets.ISO_8859_1)) {
      return c.format() == ProfileCapture.Format.PERF_SCRIPT
          ? PerfScriptParser.parse(in) : CollapsedStacksParser.parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("fuzzprof-flame-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
