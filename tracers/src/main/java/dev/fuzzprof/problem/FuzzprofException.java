package dev.fuzzprof.problem;

/**
 * A problem the user can act on, with a one-line message. The command layer maps the
 * {@link Kind} to an exit code in exactly one place; nothing else decides exit codes.
 */
public class FuzzprofException extends RuntimeException {

  /** What kind of problem, from the user's side. */
  public enum Kind {
    /** The input (a trace, a directory, a pid) is not what the command needs. */
    DATA,
    /** The command line is wrong. */
    USAGE,
    /** The system forbids what was asked (perf_event_paranoid, ptrace_scope, capabilities). */
    PERMISSION,
    /** A tool fuzzprof runs (strace, perf) is missing. */
    MISSING_TOOL,
    /** The user interrupted the command (Ctrl-C) before it had anything to report. */
    INTERRUPTED
  }

  private final Kind kind;

  public FuzzprofException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public FuzzprofException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static FuzzprofException data(String message) {
    return new FuzzprofException(Kind.DATA, message);
  }

  public static FuzzprofException usage(String message) {
    return new FuzzprofException(Kind.USAGE, message);
  }

  public static FuzzprofException interrupted(String message) {
    return new FuzzprofException(Kind.INTERRUPTED, message);
  }
}
