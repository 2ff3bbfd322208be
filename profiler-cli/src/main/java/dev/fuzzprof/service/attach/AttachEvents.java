package dev.fuzzprof.service.attach;

import dev.fuzzprof.acquire.perf.CaseCounter;
import dev.fuzzprof.acquire.perf.PerfStatCounter;
import dev.fuzzprof.acquire.perf.PerfStatCounter.Event;
import dev.fuzzprof.acquire.proc.ProcessRoles.Campaign;
import dev.fuzzprof.analyze.Mode;
import dev.fuzzprof.parse.perf.PerfStatCsvParser.PerfCount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 2 of attach: what perf counts, and what its counts say. Cases count for the whole window
 * with two events that fire once per case (the fork server's SIGCONTs and forks, or a plain
 * target's self-stops); syscalls count in a short sample, since syscall tracepoints slow every
 * syscall on the CPU.
 */
final class AttachEvents {
  /** Syscalls counted one by one (each its own tracepoint), besides the total. */
  static final List<String> COUNTED = List.of("openat", "open", "read", "pread64", "close",
      "lseek", "newfstat", "newfstatat", "mmap", "munmap", "brk", "mprotect", "madvise", "write",
      "gettid", "getpid", "tgkill", "kill", "rt_sigprocmask", "rt_sigaction", "wait4", "clone",
      "clone3", "exit_group", "futex", "getrandom", "set_robust_list");
  static final int SIGSTOP = 19;

  private AttachEvents() {}

  /** The whole window's events: the server's SIGCONTs and forks, or the target's self-stops. */
  static List<Event> caseEvents(AttachTarget t) {
    return t.server() > 0 ? CaseCounter.events(t.server())
        : List.of(new Event("signal:signal_generate", "sig == " + SIGSTOP
            + " && common_pid == " + t.target()));
  }

  /**
   * What the whole window counted.
   *
   * @param cases cases, null when not counted
   * @param mode the mode the counts show (more SIGCONTs than forks: persistent), or null
   */
  record Cases(Long cases, Mode mode) {
    static Cases of(List<PerfCount> counts, AttachTarget t, List<String> missing) {
      if (counts == null) {
        return new Cases(null, null);
      }
      List<Event> events = caseEvents(t);
      if (counts.size() != events.size()) {
        missing.add("perf returned " + counts.size() + " counters for " + events.size()
            + " events");
        return new Cases(null, null);
      }
      long sum = 0;
      for (int i = 0; i < counts.size(); i++) {
        if (!counts.get(i).counted()) {
          missing.add(events.get(i).tracepoint() + " " + counts.get(i).status());
          return new Cases(null, null);
        }
        sum += counts.get(i).value();
      }
      Mode mode = null;
      if (t.server() > 0 && sum > 0) {
        // one SIGCONT per case: persistent (AFL++ replaces the child every N cases); one fork
        // per case: fork-server mode. The counts decide, not how long one child was seen.
        mode = counts.get(0).value() > counts.get(1).value() ? Mode.PERSISTENT : Mode.FORKSERVER;
      }
      return new Cases(sum, mode);
    }
  }


  /**
   * The short sample's events, in this order: the syscalls of the target's processes that are
   * not fork servers (the children, whatever pid they have now), the fork servers' own syscalls,
   * the children's self-stops (one per persistent case), the servers' forks (one per fork-server
   * case), then each named syscall of the children. All are filtered by the target's command
   * name with every fork server of that name excluded (or included), so when several instances
   * of one target share the CPUs the syscalls and the cases come from the same processes and
   * their ratio stays right. A plain process is filtered by its pid.
   */
  static List<Event> sampleEvents(Campaign c, List<Integer> servers, int target) {
    List<Event> out = new ArrayList<>();
    String who;
    if (!servers.isEmpty()) {
      String comm = "comm == \"" + c.comm().replaceAll("[\"\\\\]", "") + "\"";
      StringBuilder not = new StringBuilder();
      StringBuilder any = new StringBuilder();
      for (int s : servers) {
        not.append(" && common_pid != ").append(s);
        any.append(any.length() == 0 ? "" : " || ").append("common_pid == ").append(s);
      }
      who = comm + not;
      out.add(new Event("raw_syscalls:sys_enter", who));
      out.add(new Event("raw_syscalls:sys_enter", comm + " && (" + any + ")"));
      out.add(new Event("signal:signal_generate", "sig == " + SIGSTOP + " && " + who));
      out.add(new Event("sched:sched_process_fork", "parent_" + comm));
    } else {
      who = "common_pid == " + target;
      out.add(new Event("raw_syscalls:sys_enter", who));
      out.add(new Event("raw_syscalls:sys_enter", "common_pid == -1"));
      out.add(new Event("signal:signal_generate", "sig == " + SIGSTOP + " && " + who));
      out.add(new Event("sched:sched_process_fork", "parent_pid == " + target));
    }
    for (String name : COUNTED) {
      String tp = "syscalls:sys_enter_" + name;
      if (PerfStatCounter.tracepointExists(tp)) {
        out.add(new Event(tp, who));
      }
    }
    return out;
  }

  /** What the sample counted, by the order of {@link #sampleEvents}; null where not counted. */
  record SampleCounts(Long children, Long servers, Long stops, Long forks,
      Map<String, Long> perSyscall) {
    static SampleCounts of(List<PerfCount> counts, List<Event> events, List<String> missing) {
      Map<String, Long> per = new LinkedHashMap<>();
      if (counts == null || counts.size() != events.size()) {
        if (counts != null) {
          missing.add("perf returned " + counts.size() + " counters for " + events.size()
              + " events");
        }
        return new SampleCounts(null, null, null, null, per);
      }
      Long[] first = new Long[4];
      for (int i = 0; i < counts.size(); i++) {
        PerfCount pc = counts.get(i);
        if (!pc.counted()) {
          missing.add(events.get(i).tracepoint() + " " + pc.status());
          continue;
        }
        if (i < 4) {
          first[i] = pc.value();
        } else {
          per.put(events.get(i).tracepoint().substring("syscalls:sys_enter_".length()),
              pc.value());
        }
      }
      return new SampleCounts(first[0], first[1], first[2], first[3], per);
    }

    /** Cases in the sample: self-stops for a persistent target, forks otherwise. */
    Long cases(Mode mode) {
      return mode.processPerCase() ? forks : stops;
    }

    /** The target's syscalls: the children's, plus the servers' part in fork-server mode. */
    Long syscalls(Mode mode) {
      if (children == null) {
        return null;
      }
      return mode.processPerCase() && servers != null ? children + servers : children;
    }
  }
}
