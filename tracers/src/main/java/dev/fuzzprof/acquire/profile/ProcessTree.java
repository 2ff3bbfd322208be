package dev.fuzzprof.acquire.profile;

import dev.fuzzprof.acquire.proc.ProcFs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the profilers need to know about a process (alive, stopped, its children, whether it is a
 * JVM), read through {@link ProcFs} like every other /proc reader.
 */
public final class ProcessTree {
  private final ProcFs proc;

  public ProcessTree(Path proc) {
    this.proc = new ProcFs(proc);
  }

  public static ProcessTree system() {
    return new ProcessTree(ProcFs.live().root());
  }

  public boolean exists(long pid) {
    return pid > 0 && pid <= Integer.MAX_VALUE && proc.exists((int) pid);
  }

  /** The one-letter state from /proc/PID/status (R, S, T, t, Z, ...), empty when gone. */
  public Optional<String> state(long pid) {
    if (!exists(pid)) {
      return Optional.empty();
    }
    return proc.pidStatus((int) pid).map(s -> s.state().strip())
        .filter(s -> !s.isEmpty()).map(s -> s.substring(0, 1));
  }

  /** Alive and not a zombie. */
  public boolean running(long pid) {
    return state(pid).map(s -> !s.equals("Z") && !s.equals("X")).orElse(false);
  }

  public String comm(long pid) {
    return exists(pid) ? proc.comm((int) pid).orElse("?") : "?";
  }

  /** The process and all its descendants alive now, the process first. */
  public List<Long> withDescendants(long pid) {
    List<Long> out = new ArrayList<>(List.of(pid));
    if (exists(pid)) {
      proc.descendants((int) pid).forEach(p -> out.add((long) p));
    }
    return List.copyOf(out);
  }

  /** True when the process has a JVM loaded (libjvm.so in its memory map). */
  public boolean isJvm(long pid) {
    return exists(pid) && proc.read(pid + "/maps")
        .map(m -> m.lines().anyMatch(l -> l.endsWith("/libjvm.so"))).orElse(false);
  }
}
