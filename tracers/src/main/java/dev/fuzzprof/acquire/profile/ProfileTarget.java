package dev.fuzzprof.acquire.profile;

import java.util.List;

/** What to profile: running processes (attach) or a command to start under the profiler. */
public sealed interface ProfileTarget {
  /** Running processes, the one the user named first. */
  record Attach(List<Long> pids) implements ProfileTarget {
    public Attach {
      pids = List.copyOf(pids);
    }
  }

  /** A command line to launch. */
  record Launch(List<String> command) implements ProfileTarget {
    public Launch {
      command = List.copyOf(command);
    }
  }
}
