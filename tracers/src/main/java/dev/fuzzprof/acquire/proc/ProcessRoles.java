package dev.fuzzprof.acquire.proc;

import dev.fuzzprof.parse.proc.PidStat;
import dev.fuzzprof.problem.FuzzprofException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Works out a campaign's processes from any one of its pids: the afl-fuzz parent, the fork
 * server (or a driver that forks and resumes its target), and the target child (persistent
 * child, or the newest per-case child). A target child is found again by rescanning the fork
 * server's children, so a replaced child (AFL restarts the persistent child every N cases; in
 * fork-server mode every case is a new pid) is followed.
 */
public final class ProcessRoles {
  private static final String AFL = "afl-fuzz";

  private final ProcFs proc;

  public ProcessRoles(ProcFs proc) {
    this.proc = proc;
  }

  /**
   * The campaign around a pid.
   *
   * @param given the pid the user gave
   * @param fuzzer the afl-fuzz parent, or -1
   * @param forkServer the process that forks (fork server or driver), or -1 for a plain process
   * @param target the process that runs cases (persistent child), or the plain process; -1 if
   *     the fork server has no child right now (fork-server mode between cases)
   * @param comm the target's command name
   */
  public record Campaign(int given, int fuzzer, int forkServer, int target, String comm) {
    /** Every pid of the campaign that exists, parent first. */
    public List<Integer> pids() {
      List<Integer> out = new ArrayList<>();
      for (int p : new int[] {fuzzer, forkServer, target}) {
        if (p > 0 && !out.contains(p)) {
          out.add(p);
        }
      }
      return out;
    }

    public String roleOf(int pid) {
      if (pid == fuzzer) {
        return "fuzzer";
      }
      if (pid == forkServer) {
        return "forkserver";
      }
      return pid == target ? "target" : "other";
    }
  }

  public Campaign find(int pid) {
    PidStat s = proc.pidStat(pid).orElseThrow(() -> FuzzprofException.data(
        "no process with pid " + pid));
    if (s.state() == 'Z') {
      throw FuzzprofException.data("pid " + pid + " has exited (zombie)");
    }
    Optional<PidStat> parent = proc.pidStat(s.ppid());
    if (AFL.equals(s.comm())) {
      int server = proc.children(pid).stream()
          .filter(c -> proc.pidStat(c).map(x -> !AFL.equals(x.comm())).orElse(false))
          .findFirst().orElse(-1);
      String comm = server > 0 ? proc.pidStat(server).map(PidStat::comm).orElse("") : "";
      return new Campaign(pid, pid, server, server > 0 ? newestChild(server, comm) : -1, comm);
    }
    if (parent.isPresent() && AFL.equals(parent.get().comm())) {
      return new Campaign(pid, s.ppid(), pid, newestChild(pid, s.comm()), s.comm());
    }
    if (parent.isPresent() && parent.get().comm().equals(s.comm()) && s.ppid() > 1) {
      int fuzzer = proc.pidStat(parent.get().ppid())
          .filter(g -> AFL.equals(g.comm())).map(PidStat::pid).orElse(-1);
      return new Campaign(pid, fuzzer, s.ppid(), pid, s.comm());
    }
    int child = newestChild(pid, s.comm());
    if (child > 0) {
      return new Campaign(pid, -1, pid, child, s.comm());
    }
    return new Campaign(pid, -1, -1, pid, s.comm());
  }

  /** The target again: the same pid if it still runs, else the fork server's newest child. */
  public Campaign refresh(Campaign c) {
    if (c.target() > 0 && proc.pidStat(c.target()).filter(s -> s.state() != 'Z').isPresent()) {
      return c;
    }
    if (c.forkServer() > 0 && proc.exists(c.forkServer())) {
      return new Campaign(c.given(), c.fuzzer(), c.forkServer(),
          newestChild(c.forkServer(), c.comm()), c.comm());
    }
    return new Campaign(c.given(), c.fuzzer(), c.forkServer(), -1, c.comm());
  }

  /** The child of {@code pid} with the same command name that started last, or -1. */
  private int newestChild(int pid, String comm) {
    int best = -1;
    long bestStart = Long.MIN_VALUE;
    for (int c : proc.children(pid)) {
      Optional<PidStat> s = proc.pidStat(c);
      if (s.isPresent() && s.get().comm().equals(comm) && s.get().state() != 'Z'
          && s.get().startTime() >= bestStart) {
        best = c;
        bestStart = s.get().startTime();
      }
    }
    return best;
  }
}
