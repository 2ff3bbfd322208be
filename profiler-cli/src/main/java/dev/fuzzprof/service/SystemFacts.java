package dev.fuzzprof.service;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Facts about this machine that every command reads the same way, once. */
public final class SystemFacts {
  private static volatile long hz;

  private SystemFacts() {}

  /** USER_HZ, the unit of /proc's CPU times: asked of the system once per run. */
  public static long userHz() {
    if (hz == 0) {
      hz = ask();
    }
    return hz;
  }

  private static long ask() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String s = new String(p.getInputStream().readAllBytes()).strip();
      p.waitFor(1, TimeUnit.SECONDS);
      return Long.parseLong(s);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
