package dev.fuzzprof.acquire.profile;

import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.acquire.sys.PrivilegeCheck;
import dev.fuzzprof.acquire.sys.ReleaseGuard;
import dev.fuzzprof.parse.sys.Privileges;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.problem.FuzzprofException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Samples call stacks, user and kernel, with {@code perf record -F 999 -g}, then turns the data
 * into text with {@code perf script}.
 *
 * <p>Attaching with {@code -p} sends the target no signal and does not stop it, so a fuzz target
 * that forks and stops itself with SIGSTOP keeps running (an LD_PRELOADed profiler's SIGPROF timer
 * killed such a target). Sampling is per task: the target pays a little at each context switch.
 */
public final class PerfRecorder {
  public static final String INSTALL = "apt-get install linux-perf (Debian), linux-tools-$(uname -r)"
      + " (Ubuntu) or perf (Fedora)";
  static final int FREQUENCY = 999;

  private final ProcFs proc;

  /** The perf record running now, for {@link #stop()}. */
  private volatile Process running;
  private volatile boolean stopped;

  public PerfRecorder(ProcFs proc) {
    this.proc = proc;
  }

  /**
   * Ends the recording early (Ctrl-C, SIGTERM) so that what was sampled so far is kept: perf
   * writes its data and exits when its {@code sleep} workload ends (attach), or on SIGTERM (a
   * launched command, which perf then ends). Safe from another thread, before or during
   * {@link #record}.
   */
  public void stop() {
    stopped = true;
    Process p = running;
    if (p == null) {
      return;
    }
    List<ProcessHandle> workload = p.children().toList();
    if (workload.isEmpty() || launched) {
      p.destroy();
    } else {
      workload.forEach(ProcessHandle::destroy);
    }
  }

  private volatile boolean launched;

  /** Whether {@link #stop()} was asked. */
  public boolean stopped() {
    return stopped;
  }

  public static PerfRecorder system() {
    return new PerfRecorder(ProcFs.live());
  }

  /** Records for {@code duration} (attach) or until the command ends or the duration is up. */
  public ProfileCapture record(ProfileTarget target, Duration duration, Path workDir) {
    if (!Tools.onPath("perf")) {
      throw new FuzzprofException(Kind.MISSING_TOOL, "perf is not installed; " + INSTALL);
    }
    Path data = workDir.resolve("perf.data");
    Path recordErr = workDir.resolve("perf-record.err");
    Path recordOut = workDir.resolve("perf-record.out");
    List<String> cmd = new ArrayList<>(List.of("perf", "record", "-F", Integer.toString(FREQUENCY),
        "-g", "-o", data.toString()));
    double secs = duration.toMillis() / 1000.0;
    long started = System.nanoTime();
    boolean exited;
    if (target instanceof ProfileTarget.Attach a) {
      cmd.addAll(List.of("-p", a.pids().stream().map(String::valueOf).collect(Collectors.joining(",")),
          "--", "sleep", String.format(Locale.ROOT, "%.3f", secs)));
      Process p = Tools.start(Tools.builder(cmd, recordOut, recordErr), "perf", INSTALL);
      running = p;
      if (stopped) {
        stop();
      }
      int code;
      try (ReleaseGuard guard = ReleaseGuard.watch(p)) {
        code = Tools.waitFor(p);
      } finally {
        running = null;
      }
      exited = !proc.running(Math.toIntExact(a.pids().get(0)));
      checkRecord(code, recordErr, data, a.pids().get(0), exited);
    } else {
      ProfileTarget.Launch l = (ProfileTarget.Launch) target;
      cmd.add("--");
      cmd.addAll(l.command());
      launched = true;
      Process p = Tools.start(Tools.builder(cmd, recordOut, recordErr), "perf", INSTALL);
      running = p;
      if (stopped) {
        stop();
      }
      boolean done;
      try (ReleaseGuard guard = ReleaseGuard.watch(p)) {
        done = p.waitFor(duration.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
          p.destroy(); // SIGTERM: perf stops recording, ends the command and writes its data
          if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        }
      } catch (InterruptedException e) {
        p.destroy();
        Thread.currentThread().interrupt();
        throw FuzzprofException.interrupted("interrupted while profiling");
      }
      exited = false;
      checkRecord(done ? p.exitValue() : 0, recordErr, data, -1, false);
    }
    double took = (System.nanoTime() - started) / 1e9;
    Path script = workDir.resolve("perf-script.txt");
    Path scriptErr = workDir.resolve("perf-script.err");
    Process s = Tools.start(Tools.builder(List.of("perf", "script", "-i", data.toString()), script,
        scriptErr), "perf", INSTALL);
    int code;
    try (ReleaseGuard guard = ReleaseGuard.watch(s)) {
      code = Tools.waitFor(s);
    }
    if (code != 0 && sizeOf(script) == 0) {
      throw FuzzprofException.data("perf script could not read the profile: "
          + firstLine(Tools.read(scriptErr)));
    }
    return new ProfileCapture(script, ProfileCapture.Format.PERF_SCRIPT, Math.min(took, secs),
        exited);
  }

  private void checkRecord(int code, Path errFile, Path data, long pid, boolean exited) {
    String err = Tools.read(errFile);
    String lower = err.toLowerCase(Locale.ROOT);
    if (lower.contains("perf_event_paranoid") || lower.contains("permission denied")
        || lower.contains("no permission") || lower.contains("operation not permitted")) {
      throw new FuzzprofException(Kind.PERMISSION, permissionMessage(err, pid));
    }
    if ((lower.contains("is not installed") || lower.contains("not found for kernel"))
        && sizeOf(data) == 0) {
      throw new FuzzprofException(Kind.MISSING_TOOL, "perf does not match the running kernel ("
          + firstLine(err) + "); " + INSTALL);
    }
    if (sizeOf(data) == 0) {
      if (pid > 0 && exited) {
        throw FuzzprofException.data("process " + pid + " exited before perf could sample it");
      }
      throw FuzzprofException.data("perf record failed (exit " + code + "): " + firstLine(err));
    }
  }

  /**
   * What the kernel's rules say about a refused {@code perf record} ({@code said}: perf's
   * stderr) of process {@code pid} (-1: a launched command), in the words of {@link Privileges}.
   */
  static String permissionMessage(String said, long pid) {
    Privileges self = PrivilegeCheck.live();
    Optional<String> upstream = pid > 0 ? PrivilegeCheck.whyNoSampling(self, pid)
        : self.whyNoSampling(self.euid(), 0);
    return self.perfRefused(said, upstream);
  }

  private static long sizeOf(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.size(p) : 0;
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  static String firstLine(String s) {
    return s.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("no message");
  }
}
