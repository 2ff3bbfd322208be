package dev.fuzzprof.service.flame;

import dev.fuzzprof.acquire.profile.AsyncProfilerRunner;
import dev.fuzzprof.acquire.profile.PerfRecorder;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.acquire.sys.PrivilegeCheck;
import dev.fuzzprof.parse.sys.Privileges;
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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * acquire -> parse -> analyze for {@code fuzzprof flame}: profile a process (perf, or
 * async-profiler for a JVM), or a command launched under perf; the command writes the flame
 * graph and the collapsed stacks from what this returns.
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
   */
  public record Request(ProfileTarget target, Duration duration, Profiler profiler) {}

  /**
   * What was profiled and what came of it.
   *
   * @param report the analysis
   * @param stacks the merged stacks, for the flame graph and the collapsed file
   * @param title what was profiled and how, for the flame graph's heading
   */
  public record Result(FlameReport report, List<Stack> stacks, String title) {}

  public static Result run(Request req) {
    return run(req, PerfRecorder.system());
  }

  /**
   * The same with the recorder given, so that a caller may {@link PerfRecorder#stop() stop} it
   * early (Ctrl-C): the report then covers what was sampled, and says so.
   */
  public static Result run(Request req, PerfRecorder recorder) {
    ProcFs proc = ProcFs.live();
    Integer pid = null;
    ProfileTarget target = req.target();
    if (target instanceof ProfileTarget.Attach a) {
      long given = a.pids().get(0);
      if (given <= 0 || given > Integer.MAX_VALUE || !proc.exists((int) given)) {
        throw FuzzprofException.data("no process " + given + " (/proc/" + given
            + " does not exist)");
      }
      pid = (int) given;
      if (!proc.running(pid)) {
        throw FuzzprofException.data("process " + pid + " is a zombie: it has exited");
      }
      // The whole process tree: a fork server's persistent child is where the cases run.
      target = new ProfileTarget.Attach(proc.withDescendants(pid).stream().map(Long::valueOf).toList());
    }
    boolean async = switch (req.profiler()) {
      case async -> true;
      case perf -> false;
      case auto -> pid != null && proc.isJvm(pid) && AsyncProfilerRunner.supported();
    };
    if (async && pid == null) {
      throw FuzzprofException.usage("async-profiler attaches to a running JVM: start it, then"
          + " fuzzprof flame --pid PID");
    }
    if (async && !proc.isJvm(pid)) {
      throw FuzzprofException.data("process " + pid + " is not a JVM (no libjvm.so mapped);"
          + " use --profiler perf");
    }
    Privileges self = PrivilegeCheck.live();
    if (!async && pid != null) {
      Optional<String> refused = PrivilegeCheck.whyNoSampling(self, pid);
      if (refused.isPresent()) {
        throw new FuzzprofException(FuzzprofException.Kind.PERMISSION, refused.get());
      }
    }
    List<String> missing = async ? List.of() : self.whyNoKernelFrames().stream().toList();
    Path work = tempDir();
    try {
      ProfileCapture capture = async
          ? AsyncProfilerRunner.system().profile(pid, req.duration(), work)
          : recorder.record(target, req.duration(), work);
      if (recorder.stopped()) {
        missing = new java.util.ArrayList<>(missing);
        missing.add(String.format(java.util.Locale.ROOT, "interrupted: sampled for %.1f s of %.1f s",
            capture.seconds(), req.duration().toMillis() / 1000.0));
      }
      Stacks stacks = parse(capture);
      FlameReport report = FlameAnalyzer.analyze(stacks.stacks(),
          async ? FlameReport.Mode.ASYNC_PROFILER : FlameReport.Mode.PERF, pid == null ? null : Long.valueOf(pid),
          Math.round(capture.seconds() * 10) / 10.0, pid != null && capture.targetExited(),
          missing);
      return new Result(report, stacks.stacks(), describe(req, pid, proc, report));
    } finally {
      deleteTree(work);
    }
  }

  /**
   * The hottest kernel call paths of a running process, from a short profile that writes no
   * files: for other commands' reports (e.g. {@code attach --stacks}).
   */
  public static List<PathShare> topKernelPaths(long pid, Duration duration) {
    return run(new Request(new ProfileTarget.Attach(List.of(pid)), duration, Profiler.auto))
        .report().kernelPaths();
  }

  private static String describe(Request req, Integer pid, ProcFs proc, FlameReport report) {
    String what = pid != null ? "pid " + pid + " (" + proc.comm(pid).orElse("?") + ")"
        : String.join(" ", ((ProfileTarget.Launch) req.target()).command());
    return "fuzzprof flame: " + what + " - " + report.mode() + ", " + report.seconds() + " s, "
        + report.samples() + " samples: user " + report.userPercent() + "%, kernel "
        + report.kernelPercent() + "%" + (report.partial() ? " (partial: the target exited)" : "");
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
