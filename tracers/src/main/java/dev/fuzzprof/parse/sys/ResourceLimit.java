package dev.fuzzprof.parse.sys;

/**
 * A soft and hard limit from /proc/PID/limits; {@link #UNLIMITED} for "unlimited".
 *
 * @param soft what the process and its children get now
 * @param hard how far the soft limit may be raised without privilege
 */
public record ResourceLimit(long soft, long hard) {
  public static final long UNLIMITED = Long.MAX_VALUE;

  public static String format(long v) {
    return v == UNLIMITED ? "unlimited" : Long.toString(v);
  }
}
