package dev.fuzzprof.acquire.launch;

import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.acquire.sys.Posix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The environment marks of launched processes. Every instance gets {@code FUZZPROF_LAUNCH=<id>}
 * and {@code FUZZPROF_INSTANCE=<name>}; afl-fuzz hands its environment to the fork server and the
 * target, which keep it, so the whole tree of an instance can be found even after afl-fuzz is gone
 * (AFL++'s fork server calls setsid, so neither the process group nor the parent holds it).
 */
public final class Marks {
  public static final String LAUNCH = "FUZZPROF_LAUNCH";
  public static final String INSTANCE = "FUZZPROF_INSTANCE";

  private Marks() {}

  /** The live processes of launch {@code id}; of one instance when {@code instance} is not null. */
  public static List<Integer> find(ProcFs proc, String id, String instance) {
    List<Integer> found = new ArrayList<>();
    int self = (int) ProcessHandle.current().pid();
    for (int pid : proc.pids()) {
      if (pid == self) {
        continue;
      }
      Map<String, String> env = proc.environ(pid);
      if (id.equals(env.get(LAUNCH)) && (instance == null || instance.equals(env.get(INSTANCE)))) {
        found.add(pid);
      }
    }
    return found;
  }

  /**
   * Ends the marked processes: SIGTERM (and SIGCONT, for stopped ones), up to {@code graceMillis}
   * for them to go, then SIGKILL for what is left. Returns how many were killed with SIGKILL.
   */
  public static int end(ProcFs proc, String id, String instance, long graceMillis) {
    List<Integer> pids = find(proc, id, instance);
    for (int p : pids) {
      Posix.kill(p, Posix.SIGTERM);
      Posix.kill(p, Posix.SIGCONT);
    }
    long until = System.nanoTime() + graceMillis * 1_000_000;
    while (!pids.isEmpty() && System.nanoTime() < until) {
      sleep(50);
      pids = find(proc, id, instance);
    }
    pids = find(proc, id, instance);
    for (int p : pids) {
      Posix.kill(p, Posix.SIGKILL);
    }
    long killUntil = System.nanoTime() + 2_000_000_000L;
    while (!find(proc, id, instance).isEmpty() && System.nanoTime() < killUntil) {
      sleep(20);
    }
    return pids.size();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
