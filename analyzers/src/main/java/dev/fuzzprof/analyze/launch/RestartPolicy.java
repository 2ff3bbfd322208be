package dev.fuzzprof.analyze.launch;

/**
 * When a dead instance is started again. A death within {@link #QUICK_SECONDS} of its start is
 * a failure: the next start waits 1 s, 2 s, 4 s, ... (at most 30 s), and after
 * {@link #MAX_FAILURES} failures in a row the instance is given up. A death after a longer life
 * (the OOM killer, a kill by hand) is restarted at once and starts the count again.
 */
public final class RestartPolicy {
  public static final double QUICK_SECONDS = 60;
  public static final int MAX_FAILURES = 5;
  static final double MAX_BACKOFF_SECONDS = 30;

  private RestartPolicy() {}

  /** What to do about one death. */
  public record Decision(boolean giveUp, double waitSeconds, int failures) {}

  /**
   * @param failures the failures in a row before this death
   * @param livedSeconds how long the instance ran before it died
   */
  public static Decision onDeath(int failures, double livedSeconds) {
    if (livedSeconds >= QUICK_SECONDS) {
      return new Decision(false, 0, 0);
    }
    int now = failures + 1;
    if (now >= MAX_FAILURES) {
      return new Decision(true, 0, now);
    }
    return new Decision(false, Math.min(MAX_BACKOFF_SECONDS, Math.pow(2, now - 1)), now);
  }
}
