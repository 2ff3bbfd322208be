package dev.fuzzprof.cli;

import dev.fuzzprof.problem.FuzzprofException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * The one place that turns problems into a message and an exit code. Users' problems get one
 * line, {@code fuzzprof CMD: message}; only a bug in fuzzprof itself gets a stack trace, and only
 * when {@code FUZZPROF_DEBUG} is set.
 */
public final class Exits {
  public static final int OK = 0;
  /** The input data is wrong or unusable (a trace, a directory, a pid). */
  public static final int DATA = 1;
  /** The command line is wrong. */
  public static final int USAGE = 2;
  /** The system does not allow what was asked. */
  public static final int PERMISSION = 3;
  /** A tool fuzzprof needs is not installed. */
  public static final int MISSING_TOOL = 4;
  /** A bug in fuzzprof. */
  public static final int INTERNAL = 70;
  /** Stopped by Ctrl-C or SIGTERM. */
  public static final int INTERRUPTED = 130;

  private Exits() {}

  static int code(FuzzprofException.Kind kind) {
    return switch (kind) {
      case DATA -> DATA;
      case USAGE -> USAGE;
      case PERMISSION -> PERMISSION;
      case MISSING_TOOL -> MISSING_TOOL;
      case INTERRUPTED -> INTERRUPTED;
    };
  }

  /** picocli's hook for exceptions thrown while a command runs. */
  static int onExecution(Exception e, CommandLine cmd, PrintWriter err) {
    String who = qualifiedName(cmd);
    if (e instanceof FuzzprofException f) {
      err.println(who + ": " + f.getMessage());
      err.flush();
      return code(f.kind());
    }
    if (e instanceof java.io.UncheckedIOException u) {
      err.println(who + ": " + u.getCause().getMessage());
      err.flush();
      return DATA;
    }
    if (e instanceof IllegalStateException && "Shutdown in progress".equals(e.getMessage())) {
      // Ctrl-C or SIGTERM came while the command was setting up its own handling of them
      err.println(who + ": interrupted before there was anything to report");
      err.flush();
      return INTERRUPTED;
    }
    err.println(who + ": internal error: " + e
        + (debug() ? "" : " (set FUZZPROF_DEBUG=1 for the stack trace)"));
    if (debug()) {
      e.printStackTrace(err);
    }
    err.flush();
    return INTERNAL;
  }

  /** picocli's hook for a command line it cannot parse. */
  static int onParameter(CommandLine.ParameterException e, PrintWriter err) {
    CommandLine cmd = e.getCommandLine();
    // one line, like every other problem: the message, then where to read more
    err.println(qualifiedName(cmd) + ": " + e.getMessage().strip().replace('\n', ' ')
        + " (see " + qualifiedName(cmd) + " --help)");
    err.flush();
    return USAGE;
  }

  private static String qualifiedName(CommandLine cmd) {
    return cmd.getCommandSpec().qualifiedName();
  }

  private static boolean debug() {
    String v = System.getenv("FUZZPROF_DEBUG");
    return v != null && !v.isEmpty() && !v.equals("0");
  }
}
