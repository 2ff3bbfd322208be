package dev.fuzzprof.service.attach;

import dev.fuzzprof.acquire.proc.FuzzerProcesses;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.acquire.proc.ProcessRoles;
import dev.fuzzprof.acquire.proc.ProcessRoles.Campaign;
import dev.fuzzprof.analyze.Mode;
import dev.fuzzprof.parse.proc.CpuListParser;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Step 1 of attach: which processes to watch. From any pid of a campaign (afl-fuzz, its fork
 * server, the persistent child, a plain process) the campaign's processes and roles, a first
 * guess at the mode (the counts decide it later), the CPUs they may run on, and every fork
 * server of the same target (its instances that share the CPUs are counted apart from it).
 *
 * @param server the fork server (or driver) that starts the target's children, or -1
 * @param target the process that runs the cases: the fork server in fork-server mode, the
 *     persistent child, or the plain process
 * @param servers every fork server running the target's command (this one first)
 */
record AttachTarget(Campaign campaign, Mode mode, int server, int target, List<Integer> cpuList,
    List<Integer> servers) {

  /** The CPUs as a kernel CPU list ({@code 0-3}). */
  String cpus() {
    return CpuListParser.format(cpuList);
  }

  /** The process whose tree holds the target's CPU: the fork server, or the target. */
  int treeRoot() {
    return server > 0 ? server : target;
  }

  static AttachTarget find(ProcFs proc, int pid) {
    ProcessRoles roles = new ProcessRoles(proc);
    Campaign c = roles.find(pid);
    if (c.forkServer() <= 0) {
      c = forkServerBetweenCases(roles, c);
    }
    Mode mode = probeMode(proc, roles, c);
    c = roles.refresh(c);
    int server = c.forkServer();
    int target = mode == Mode.FORKSERVER ? server : c.target();
    if (target <= 0) {
      target = pid;
    }
    return new AttachTarget(c, mode, server, target, cpus(proc, c),
        server > 0 ? forkServers(proc, c) : List.of());
  }

  /**
   * A fork server between two cases has no child at the moment it is looked at: look a few
   * more times over 100 ms before calling it a plain process.
   */
  static Campaign forkServerBetweenCases(ProcessRoles roles, Campaign c) {
    Campaign asServer = new Campaign(c.given(), c.fuzzer(), c.target(), -1, c.comm());
    for (int i = 0; i < 20; i++) {
      Campaign again = roles.refresh(asServer);
      if (again.target() > 0) {
        return again;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return c;
  }

  /** persistent: the same child runs on; forkserver: the child changes between looks. */
  static Mode probeMode(ProcFs proc, ProcessRoles roles, Campaign c) {
    if (c.forkServer() <= 0) {
      return Mode.PLAIN;
    }
    int first = c.target();
    for (int i = 0; i < 5; i++) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      Campaign again = roles.refresh(new Campaign(c.given(), c.fuzzer(), c.forkServer(), -1,
          c.comm()));
      if (again.target() != first) {
        // a new child: fork-server mode, unless the old one was a persistent child that AFL++
        // replaced (__AFL_LOOP(N) ends after N cases); a persistent child lives many looks
        return livesLong(proc, roles, c) ? Mode.PERSISTENT : Mode.FORKSERVER;
      }
    }
    return first > 0 ? Mode.PERSISTENT : Mode.FORKSERVER;
  }

  /** Whether the fork server's newest child lives through several looks 20 ms apart. */
  static boolean livesLong(ProcFs proc, ProcessRoles roles, Campaign c) {
    Campaign probe = roles.refresh(new Campaign(c.given(), c.fuzzer(), c.forkServer(), -1,
        c.comm()));
    int child = probe.target();
    if (child <= 0) {
      return false;
    }
    for (int i = 0; i < 3; i++) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (!proc.exists(child)) {
        return false;
      }
    }
    return true;
  }

  static List<Integer> cpus(ProcFs proc, Campaign c) {
    TreeSet<Integer> all = new TreeSet<>();
    for (int p : c.pids()) {
      proc.pidStatus(p).ifPresent(s -> all.addAll(s.cpusAllowed()));
    }
    return List.copyOf(all);
  }

  /** Every fork server (a child of an afl-fuzz) running the target's command. */
  static List<Integer> forkServers(ProcFs proc, Campaign c) {
    List<Integer> out = new ArrayList<>();
    if (c.forkServer() > 0) {
      out.add(c.forkServer());
    }
    for (var f : new FuzzerProcesses(proc).running()) {
      for (int kid : proc.children(f.pid())) {
        if (!out.contains(kid) && proc.comm(kid).filter(c.comm()::equals).isPresent()) {
          out.add(kid);
        }
      }
    }
    return out;
  }
}
