package dev.fuzzprof.acquire.sys;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A shell outside the JVM that lets go of what a helper tool holds when fuzzprof goes away, also
 * when it is killed with SIGKILL and no Java code runs. It reads a pipe from fuzzprof until the
 * end of file, which comes when fuzzprof {@link #close() closes} it or dies; then, if the watched
 * helper (perf) is still the same process (its start time in /proc/PID/stat unchanged, so a reused
 * pid is never hit), it sends SIGKILL to the helper's children (perf's {@code sleep} workload) and
 * to the helper, and then runs the clean-up command, if any (deleting a uprobe). It ignores SIGINT
 * and SIGHUP: Ctrl-C reaches it with fuzzprof, whose own clean-up then runs first.
 *
 * <p>Killing perf is all it takes to release a target: its events go with its file descriptors,
 * and perf never stops the target. strace has its own guard ({@code StraceWindow}), which also
 * sends SIGCONT.
 */
public final class ReleaseGuard implements AutoCloseable {
  private static final String SCRIPT = String.join("\n",
      "trap '' INT HUP",
      "pid=$1; shift",
      "starttime() { s=$(cat /proc/$1/stat 2>/dev/null) || return 0; s=${s##*) }; set -- $s;"
          + " echo \"${20}\"; }",
      "start=$(starttime $pid)",
      "while read -r _; do :; done",
      "if [ \"$pid\" != 0 ] && [ -n \"$start\" ] && [ \"$(starttime $pid)\" = \"$start\" ]; then",
      "  pkill -KILL -P \"$pid\" 2>/dev/null; kill -KILL \"$pid\" 2>/dev/null",
      "fi",
      "[ $# -gt 0 ] && sh -c \"$@\"",
      "exit 0");

  private final Process shell;
  private final OutputStream pipe;

  private ReleaseGuard(Process shell) {
    this.shell = shell;
    this.pipe = shell.getOutputStream();
  }

  /** Ends {@code helper} (and its children) when fuzzprof closes this guard or dies. */
  public static ReleaseGuard watch(Process helper) {
    return start(helper.pid(), null, List.of());
  }

  /**
   * Runs {@code sh -c CODE fuzzprof-release ARGS...} when fuzzprof closes this guard or dies,
   * after ending {@code helper} if one is given (null: none).
   */
  public static ReleaseGuard cleanup(Process helper, String code, String... args) {
    return start(helper == null ? 0 : helper.pid(), code, List.of(args));
  }

  private static ReleaseGuard start(long pid, String code, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", SCRIPT, "fuzzprof-release-guard",
        Long.toString(pid)));
    if (code != null) {
      cmd.add(code);
      cmd.add("fuzzprof-release");
      cmd.addAll(args);
    }
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      return new ReleaseGuard(pb.start());
    } catch (IOException e) {
      return new ReleaseGuard(null);
    }
  }

  /** The guard's own pid (for tests), or -1 when sh could not be started. */
  public long pid() {
    return shell == null ? -1 : shell.pid();
  }

  /**
   * Lets the guard act now: ends the helper if it still runs, runs the clean-up. Does not wait
   * unless {@code waitMillis} is above 0.
   */
  public void close(long waitMillis) {
    if (shell == null) {
      return;
    }
    try {
      pipe.close();
    } catch (IOException e) {
      // already closed
    }
    if (waitMillis > 0) {
      try {
        shell.waitFor(waitMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    close(0);
  }
}
