package dev.fuzzprof.acquire.sys;

import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import jnr.constants.platform.Errno;
import jnr.constants.platform.Sysconf;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.POSIXHandler;

/**
 * The few system calls fuzzprof makes itself, through jnr-posix: {@code kill(2)},
 * {@code sysconf(_SC_CLK_TCK)} and {@code geteuid(2)}. One POSIX instance, created on first use,
 * native when the platform has it. Nothing here throws or prints: a call that cannot be made
 * answers {@code false}, the usual default, or a value read another way.
 *
 * <p>Cost. The first call loads jnr-posix, which generates the bindings of its whole C library
 * interface: ~0.8 s of CPU (1.7-3.5 s wall while fuzzers keep the 2-core VM busy), against
 * 3-5 ms to spawn one {@code kill}. Later calls cost microseconds. So a caller that must not
 * wait at a given moment (ending a strace window while the target is slowed) loads it
 * beforehand: {@link #isNative()} loads it now, {@link #prefetch()} on a daemon thread.
 */
public final class Posix {
  /** Signal numbers as on Linux x86_64 (and arm64). */
  public static final int SIGINT = 2;
  public static final int SIGKILL = 9;
  public static final int SIGTERM = 15;
  public static final int SIGCONT = 18;
  public static final int SIGSTOP = 19;

  /** What the kernel is assumed to use when sysconf cannot tell: USER_HZ on every Linux. */
  static final long DEFAULT_CLOCK_TICKS = 100;

  private Posix() {}

  /** Lazily created, once: the class is loaded on the first call that needs it. */
  private static final class Native {
    static final POSIX POSIX = load();
    static final long CLOCK_TICKS = clockTicksOnce();

    private static POSIX load() {
      try {
        return POSIXFactory.getPOSIX(new Quiet(), true);
      } catch (RuntimeException | LinkageError e) {
        return null;
      }
    }

    private static long clockTicksOnce() {
      return sysconfClockTicks().orElse(DEFAULT_CLOCK_TICKS);
    }
  }

  /** {@code sysconf(_SC_CLK_TCK)} itself, without the fallback; empty when it cannot be asked. */
  static OptionalLong sysconfClockTicks() {
    try {
      POSIX posix = Native.POSIX;
      if (posix != null && posix.isNative()) {
        long hz = posix.sysconf(Sysconf._SC_CLK_TCK);
        if (hz > 0) {
          return OptionalLong.of(hz);
        }
      }
    } catch (RuntimeException | LinkageError e) {
      // empty below
    }
    return OptionalLong.empty();
  }

  /** Loads jnr-posix on a daemon thread, if nothing did yet; returns at once. */
  public static void prefetch() {
    Thread t = new Thread(Posix::isNative, "fuzzprof-posix-load");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Whether the calls go to the C library (false: jnr-posix fell back to plain Java). Loads
   * jnr-posix if it is not loaded yet.
   */
  public static boolean isNative() {
    try {
      return Native.POSIX != null && Native.POSIX.isNative();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * Sends {@code signal} to process {@code pid}; signal 0 only asks whether it exists and may be
   * signalled. True when the kernel accepted. False when the process is gone (ESRCH), may not be
   * signalled (EPERM), the signal is invalid, or no native call is possible. A pid below 1 is
   * refused without a call: kill(2) would take it for a process group or every process.
   */
  public static boolean kill(long pid, int signal) {
    if (pid < 1 || pid > Integer.MAX_VALUE || signal < 0) {
      return false;
    }
    try {
      POSIX posix = Native.POSIX;
      if (posix == null || !posix.isNative()) {
        return false;
      }
      return posix.kill((int) pid, signal) == 0;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * The kernel's clock ticks per second (USER_HZ), the unit of /proc/stat and /proc/PID/stat
   * times: {@code sysconf(_SC_CLK_TCK)}, read once. 100 if it cannot be read.
   */
  public static long clockTicks() {
    try {
      return Native.CLOCK_TICKS;
    } catch (RuntimeException | LinkageError e) {
      return DEFAULT_CLOCK_TICKS;
    }
  }

  /**
   * This process's effective uid: {@code geteuid()}, or else the owner of /proc/self (the
   * kernel gives it the effective uid), or -1.
   */
  public static int euid() {
    try {
      POSIX posix = Native.POSIX;
      if (posix != null && posix.isNative()) {
        return posix.geteuid();
      }
    } catch (RuntimeException | LinkageError e) {
      // read it from /proc below
    }
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (Exception e) {
      return -1;
    }
  }

  /**
   * A handler that never prints: jnr-posix's default one writes warnings to stderr, and its
   * errors become exceptions that the methods above turn into their defaults.
   */
  private static final class Quiet implements POSIXHandler {
    @Override
    public void error(Errno error, String extraData) {
      throw new IllegalStateException(error + " " + extraData);
    }

    @Override
    public void error(Errno error, String methodName, String extraData) {
      throw new IllegalStateException(error + " " + methodName + " " + extraData);
    }

    @Override
    public void unimplementedError(String methodName) {
      throw new UnsupportedOperationException(methodName);
    }

    @Override
    public void warn(WARNING_ID id, String message, Object... data) {
      // silent
    }

    @Override
    public boolean isVerbose() {
      return false;
    }

    @Override
    public File getCurrentWorkingDirectory() {
      return new File(System.getProperty("user.dir", "."));
    }

    @Override
    public String[] getEnv() {
      return System.getenv().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .toArray(String[]::new);
    }

    @Override
    public InputStream getInputStream() {
      return System.in;
    }

    @Override
    public PrintStream getOutputStream() {
      return System.out;
    }

    @Override
    public int getPID() {
      return (int) ProcessHandle.current().pid();
    }

    @Override
    public PrintStream getErrorStream() {
      return System.err;
    }
  }
}
