package dev.fuzzprof.analyze.campaign;

import dev.fuzzprof.parse.proc.CpuTicks;
import dev.fuzzprof.parse.proc.PidStat;
import dev.fuzzprof.parse.proc.ProcStat;
import dev.fuzzprof.parse.proc.ProcessMoment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The one home of CPU arithmetic: per-core use and a process tree's CPU. Pure. */
public final class CpuTime {
  private CpuTime() {}

  /** Each CPU's use between two /proc/stat readings; empty when either is missing. */
  public static List<CoreUse> perCore(ProcStat before, ProcStat after) {
    List<CoreUse> out = new ArrayList<>();
    if (before == null || after == null) {
      return out;
    }
    Map<Integer, CpuTicks> then = new HashMap<>();
    before.perCpu().forEach(t -> then.put(t.cpu(), t));
    for (CpuTicks now : after.perCpu()) {
      CpuTicks b = then.get(now.cpu());
      if (b == null) {
        continue;
      }
      CpuTicks d = now.minus(b);
      double total = d.total();
      if (total <= 0) {
        out.add(new CoreUse(now.cpu(), 0, 0, 100, 0));
        continue;
      }
      out.add(new CoreUse(now.cpu(), round1(pct(d.userAll(), total)),
          round1(pct(d.systemAll(), total)), round1(pct(d.idleAll(), total)),
          round1(pct(d.steal(), total))));
    }
    return out;
  }

  /** Several CPUs together (their mean); null when none of them is in {@code cores}. */
  public static CoreUse together(List<CoreUse> cores, Collection<Integer> cpus) {
    List<CoreUse> some = cores.stream().filter(c -> cpus.contains(c.cpu())).toList();
    if (some.isEmpty()) {
      return null;
    }
    int n = some.size();
    return new CoreUse(some.get(0).cpu(), some.stream().mapToDouble(CoreUse::userPercent).sum() / n,
        some.stream().mapToDouble(CoreUse::systemPercent).sum() / n,
        some.stream().mapToDouble(CoreUse::idlePercent).sum() / n,
        some.stream().mapToDouble(CoreUse::stealPercent).sum() / n);
  }

  /**
   * A tree's CPU between two readings. Each moment sums, over the live processes, their own time
   * plus what their reaped children left in cutime/cstime. A child reaped during the interval
   * moves from its own term to its parent's, so the difference stays right; a child born during
   * the interval counts in full; a child born and reaped in it is in its parent's cutime. That
   * covers AFL++'s replaced persistent children and its fork-server children.
   *
   * @param hz USER_HZ
   */
  public static TreeCpu tree(List<ProcessMoment> before, List<ProcessMoment> after,
      double seconds, long hz) {
    if (before.isEmpty() || after.isEmpty() || seconds <= 0) {
      return null;
    }
    long user = Math.max(0, ticks(after, true) - ticks(before, true));
    long sys = Math.max(0, ticks(after, false) - ticks(before, false));
    double window = seconds * hz;
    Map<Integer, ProcessMoment> then = new HashMap<>();
    before.forEach(m -> then.put(m.pid(), m));
    long run = 0;
    long wait = 0;
    boolean sched = false;
    for (ProcessMoment m : after) {
      ProcessMoment b = then.get(m.pid());
      if (m.sameProcess(b) && m.sched() != null && b.sched() != null) {
        sched = true;
        run += Math.max(0, m.sched().runNanos() - b.sched().runNanos());
        wait += Math.max(0, m.sched().waitNanos() - b.sched().waitNanos());
      }
    }
    double cpu = 100.0 * (user + sys) / window;
    Double kernel = user + sys == 0 ? null : round1(100.0 * sys / (user + sys));
    Double waitPct = sched ? round1(100.0 * wait / (seconds * 1e9)) : null;
    // wanted: CPU time used (ticks, which include reaped children) plus the wait seen
    Double wanted = sched ? round1(cpu + 100.0 * wait / (seconds * 1e9)) : null;
    boolean stopped = before.stream().allMatch(ProcessMoment::stopped)
        && after.stream().allMatch(ProcessMoment::stopped);
    return new TreeCpu(round1(cpu), kernel, waitPct, wanted, user, sys, stopped);
  }

  /**
   * An instance's cumulative CPU seconds at one reading: afl-fuzz's own utime and stime; its
   * target's are afl-fuzz's cutime/cstime (fork servers it replaced and reaped) plus, for every
   * live descendant, its own time and what its reaped children left. A child reaped moves its
   * time from its own term to its parent's, so the sums only grow while the instance lives.
   *
   * @param tree the afl-fuzz process first, then its descendants
   * @return null when the tree is empty
   */
  public static CampaignReport.CpuSeconds cumulative(List<ProcessMoment> tree, long hz) {
    if (tree.isEmpty() || hz <= 0) {
      return null;
    }
    PidStat afl = tree.get(0).stat();
    long tu = afl.childUtime();
    long ts = afl.childStime();
    for (ProcessMoment m : tree.subList(1, tree.size())) {
      tu += m.stat().utime() + m.stat().childUtime();
      ts += m.stat().stime() + m.stat().childStime();
    }
    double h = hz;
    return new CampaignReport.CpuSeconds(afl.utime() / h, afl.stime() / h, tu / h, ts / h);
  }

  /** Each CPU's user and system seconds since boot, from one /proc/stat reading. */
  public static List<CampaignReport.CoreSeconds> coreSeconds(ProcStat stat, long hz) {
    if (stat == null || hz <= 0) {
      return List.of();
    }
    double h = hz;
    return stat.perCpu().stream().map(t -> new CampaignReport.CoreSeconds(t.cpu(),
        t.userAll() / h, t.systemAll() / h)).toList();
  }

  private static long ticks(List<ProcessMoment> tree, boolean user) {
    long sum = 0;
    for (ProcessMoment m : tree) {
      PidStat s = m.stat();
      sum += user ? s.utime() + s.childUtime() : s.stime() + s.childStime();
    }
    return sum;
  }

  private static double pct(long part, double total) {
    return 100.0 * Math.max(0, part) / total;
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
