package dev.fuzzprof.acquire.launch;

import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A shell outside the JVM that ends every process of a launch when fuzzprof goes away, also when
 * it is killed with SIGKILL and no Java code runs: it reads a pipe from fuzzprof until the end of
 * file, which comes when fuzzprof closes it or dies, then sends SIGTERM (and SIGCONT) to every
 * process marked with the launch's id, waits up to 5 s, and sends SIGKILL to what is left. It
 * ignores SIGINT and SIGHUP, so that Ctrl-C or a closed terminal, which reach it with fuzzprof,
 * leave the ending to fuzzprof while it lives.
 */
public final class LaunchGuard implements AutoCloseable {
  private static final String SCRIPT = String.join("\n",
      "trap '' INT HUP",
      "cat >/dev/null",
      "marked() {",
      "  for e in /proc/[0-9]*/environ; do",
      "    grep -qsxz \"FUZZPROF_LAUNCH=$1\" \"$e\" && { p=${e#/proc/}; echo ${p%/environ}; }",
      "  done",
      "}",
      "p=$(marked \"$1\")",
      "[ -z \"$p\" ] && exit 0",
      "kill -TERM $p 2>/dev/null; kill -CONT $p 2>/dev/null",
      "i=0",
      "while [ $i -lt 50 ]; do",
      "  p=$(marked \"$1\"); [ -z \"$p\" ] && exit 0",
      "  sleep 0.1; i=$((i+1))",
      "done",
      "kill -KILL $(marked \"$1\") 2>/dev/null",
      "exit 0");

  private final Process shell;
  private final OutputStream pipe;

  private LaunchGuard(Process shell) {
    this.shell = shell;
    this.pipe = shell.getOutputStream();
  }

  /** Starts the guard of launch {@code id}. */
  public static LaunchGuard start(String id) {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", SCRIPT, "fuzzprof-launch-guard", id)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().remove(Marks.LAUNCH);
    pb.environment().remove(Marks.INSTANCE);
    try {
      return new LaunchGuard(pb.start());
    } catch (IOException e) {
      throw new FuzzprofException(FuzzprofException.Kind.MISSING_TOOL,
          "cannot run sh for the launch guard: " + e.getMessage());
    }
  }

  public long pid() {
    return shell.pid();
  }

  /** Lets the guard end what is left, and waits for it (up to 10 s). */
  @Override
  public void close() {
    try {
      pipe.close();
    } catch (IOException e) {
      // already closed: the guard is ending
    }
    try {
      shell.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
