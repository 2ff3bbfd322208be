package dev.fuzzprof.analyze.campaign;

import dev.fuzzprof.parse.perf.CpuSample;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The kernel's share of a process tree's CPU time from CPU-clock samples: the source for a tree
 * that shares its CPUs (where /proc/stat of the CPUs would mix in other work) and has
 * short-lived children (whose own utime/stime split is not to be trusted). Pure.
 */
public final class KernelSplit {
  /** Fewer samples than this give no figure (the share would be off by more than ~10 points). */
  public static final int MIN_SAMPLES = 25;

  private KernelSplit() {}

  /**
   * @param pids the tree's long-lived processes (afl-fuzz, the fork server)
   * @param comm the target's command name: its short-lived children carry it too
   * @param cpus where the tree may run; samples elsewhere are not its (empty: anywhere)
   * @return percent of the tree's samples taken in the kernel, or null with too few samples
   */
  public static Double kernelPercent(List<CpuSample> samples, Set<Integer> pids, String comm,
      Collection<Integer> cpus) {
    if (samples == null) {
      return null;
    }
    long all = 0;
    long kernel = 0;
    for (CpuSample s : samples) {
      if (!cpus.isEmpty() && !cpus.contains(s.cpu())) {
        continue;
      }
      if (pids.contains(s.pid()) || (comm != null && comm.equals(s.comm()))) {
        all += s.count();
        if (s.kernel()) {
          kernel += s.count();
        }
      }
    }
    return all < MIN_SAMPLES ? null : Math.round(1000.0 * kernel / all) / 10.0;
  }
}
