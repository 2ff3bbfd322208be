package dev.fuzzprof.analyze.campaign;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.campaign.CampaignObservation.Instance;
import dev.fuzzprof.analyze.campaign.CampaignReport.BaselineUsed;
import dev.fuzzprof.analyze.campaign.CampaignReport.Collision;
import dev.fuzzprof.analyze.campaign.CampaignReport.CpuSlot;
import dev.fuzzprof.analyze.campaign.CampaignReport.InstanceRow;
import dev.fuzzprof.parse.proc.CpuTicks;
import dev.fuzzprof.parse.sys.CpuTopology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link CampaignReport} from a {@link CampaignObservation}, in four named steps: the instances
 * ({@link InstanceFigures}), the CPUs (per-core use, collisions, kernel share from CPUs an
 * instance has to itself), the scaling (cumulative rate, baseline, efficiency) and the findings
 * ({@link CampaignFindings}). Pure: no files, no clock.
 */
public final class CampaignAnalyzer {
  /** An instance "has its CPUs to itself" when they ran at most this much more than it did. */
  static final double ALONE_SLACK = 15;

  private CampaignAnalyzer() {}

  public static CampaignReport analyze(CampaignObservation in) {
    List<String> notes = new ArrayList<>(in.notes());
    boolean sampled = in.before() != null && in.after() != null && in.seconds() > 0;

    // 1. instances
    List<InstanceRow> rows = new ArrayList<>();
    for (Instance i : in.instances()) {
      rows.add(InstanceFigures.row(i, in));
    }

    // 2. CPUs
    CpuTopology topo = in.topology();
    if (topo == null) {
      List<Integer> online = in.after() != null
          ? in.after().perCpu().stream().map(CpuTicks::cpu).toList() : List.of();
      topo = CpuTopology.flat(online);
      notes.add("CPU topology unreadable (/sys/devices/system/cpu): SMT siblings unknown");
    }
    List<CoreUse> perCore = sampled ? CpuTime.perCore(in.before(), in.after()) : List.of();
    List<Integer> busyCpus = perCore.stream().filter(Busy::cpu).map(CoreUse::cpu).toList();
    List<Integer> idleCpus = perCore.stream().filter(c -> !Busy.cpu(c)).map(CoreUse::cpu)
        .toList();
    Map<Integer, List<String>> pinned = new TreeMap<>();
    for (InstanceRow r : rows) {
      if (r.alive() && r.cpus().size() == 1) {
        pinned.computeIfAbsent(r.cpus().get(0), k -> new ArrayList<>()).add(r.name());
      }
    }
    List<Collision> collisions = new ArrayList<>();
    Map<Integer, List<String>> busyPinned = new TreeMap<>();
    for (InstanceRow r : rows) {
      if (r.alive() && r.busy() && r.cpus().size() == 1) {
        busyPinned.computeIfAbsent(r.cpus().get(0), k -> new ArrayList<>()).add(r.name());
      }
    }
    busyPinned.forEach((cpu, names) -> {
      if (names.size() > 1) {
        collisions.add(new Collision(cpu, List.copyOf(names)));
      }
    });
    Set<String> collided = new LinkedHashSet<>();
    collisions.forEach(c -> collided.addAll(c.instances()));
    for (int k = 0; k < rows.size(); k++) {
      InstanceRow r = rows.get(k);
      if (collided.contains(r.name())) {
        r = InstanceFigures.collided(r);
      }
      // the kernel share of an instance alone on its CPUs comes from those CPUs' own counters:
      // the utime/stime split of short-lived children is not to be trusted
      // the CPU-clock samples of its own processes split it first: they hold whatever else ran
      // on its CPUs apart (fuzzprof itself included: a live run once had a quarter of the
      // instance's CPU busy with other work and its /proc/stat split 10 points off); the CPU's
      // own /proc/stat when it had the CPU to itself and no samples were taken
      Double split = null;
      if (r.alive() && in.cpuSamples() != null) {
        Instance i = in.instances().get(k);
        split = KernelSplit.kernelPercent(in.cpuSamples(), pids(i), targetComm(i), r.cpus());
      }
      CoreUse alone = split != null ? null : aloneOn(r, rows, perCore, in.observerPercent());
      if (split != null) {
        r = InstanceFigures.withKernel(r, split, "perf");
      } else if (alone != null && alone.kernelShare() != null) {
        r = InstanceFigures.withKernel(r, alone.kernelShare(), "cpu");
      }
      rows.set(k, r);
    }
    Double kernelPercent = null;
    if (sampled) {
      double sys = 0;
      double ran = 0;
      for (CoreUse c : perCore) {
        sys += c.systemPercent();
        ran += c.busyPercent();
      }
      kernelPercent = ran <= 0 ? null : CpuTime.round1(100 * sys / ran);
    }
    List<CpuSlot> cpuMap = new ArrayList<>();
    for (int cpu : topo.online()) {
      List<Integer> sib = topo.cpu(cpu).map(CpuTopology.Cpu::siblings).orElse(List.of(cpu));
      cpuMap.add(new CpuSlot(cpu, busyCpus.contains(cpu), pinned.getOrDefault(cpu, List.of()),
          sib));
    }

    // 3. scaling
    boolean finished = rows.stream().noneMatch(InstanceRow::alive);
    List<InstanceRow> counted = rows.stream()
        .filter(r -> (finished || r.alive()) && r.execsPerSec() != null).toList();
    Double cumulative = counted.isEmpty() ? null : CpuTime.round1(counted.stream()
        .mapToDouble(InstanceRow::execsPerSec).sum());
    long unmeasured = rows.stream().filter(r -> r.alive() && r.execsPerSec() == null).count();
    if (unmeasured > 0) {
      notes.add(unmeasured + " live instance(s) have no execs/s: AFL++ writes its first rates"
          + " after a minute, and the kernel count was not available (see above)");
    }
    String countedText = finished
        ? counted.size() + " instances with stats (none is running: their last figures)"
        : counted.size() + " live instances (dead ones excluded, like afl-whatsup)";
    BaselineUsed baseline = Scaling.baseline(in, rows, perCore);
    Double efficiency = baseline == null || counted.isEmpty() || baseline.execsPerSec() <= 0
        ? null : Math.round(cumulative / (baseline.execsPerSec() * counted.size()) * 1000)
            / 1000.0;

    CampaignReport draft = new CampaignReport(in.source(), List.copyOf(rows),
        count(rows, InstanceStatus.RUNNING) + count(rows, InstanceStatus.STARTING)
            + count(rows, InstanceStatus.STALE),
        count(rows, InstanceStatus.STARTING), count(rows, InstanceStatus.DEAD),
        count(rows, InstanceStatus.STALE), count(rows, InstanceStatus.NEVER_RAN), cumulative,
        counted.size(), countedText, topo.online(), busyCpus, idleCpus, List.copyOf(collisions),
        perCore, List.copyOf(cpuMap), kernelPercent, sampled ? Math.round(in.seconds() * 1000)
            / 1000.0 : null, baseline, efficiency, List.of(), List.of(), in.machine(),
        CpuTime.coreSeconds(in.after(), in.hz()));

    // 4. findings
    List<Finding> findings = CampaignFindings.of(draft, in, topo, notes);
    if (baseline == null && !finished) {
      notes.add("no baseline for scaling efficiency: give --baseline EXECS or --baseline-dir of a"
          + " pinned single-instance run (an estimate needs a -S instance verified to have a CPU"
          + " to itself)");
    }
    return new CampaignReport(draft.source(), draft.instances(), draft.alive(),
        draft.starting(), draft.dead(), draft.stale(), draft.neverRan(),
        draft.cumulativeExecsPerSec(), draft.cumulativeInstances(), draft.counted(),
        draft.cpusOnline(), draft.busyCpus(), draft.idleCpus(), draft.collisions(),
        draft.perCore(), draft.cpuMap(), draft.kernelPercent(), draft.sampleSeconds(),
        draft.baseline(), draft.scalingEfficiency(), List.copyOf(findings), List.copyOf(notes),
        draft.machine(), draft.coreSeconds());
  }

  /**
   * The CPUs an instance has to itself, with their use: it is bound to them, no other live
   * instance may run there, and they ran at most {@link #ALONE_SLACK} points more than the
   * instance did, beside fuzzprof's own CPU (nothing else busy there). Null otherwise.
   */
  static CoreUse aloneOn(InstanceRow r, List<InstanceRow> rows, List<CoreUse> perCore,
      double observer) {
    if (!r.alive() || r.cpus().isEmpty() || r.cpuPercent() == null || perCore.isEmpty()) {
      return null;
    }
    for (InstanceRow o : rows) {
      if (o != r && o.alive() && !o.name().equals(r.name())
          && o.cpus().stream().anyMatch(r.cpus()::contains)) {
        return null;
      }
    }
    CoreUse mine = CpuTime.together(perCore, r.cpus());
    if (mine == null) {
      return null;
    }
    double ranThere = mine.busyPercent() * r.cpus().size();
    // fuzzprof itself may have run there too: that is not another tenant of the CPU
    return ranThere - r.cpuPercent() <= ALONE_SLACK + observer ? mine : null;
  }

  private static Set<Integer> pids(Instance i) {
    Set<Integer> out = new java.util.HashSet<>();
    i.before().forEach(m -> out.add(m.pid()));
    i.after().forEach(m -> out.add(m.pid()));
    return out;
  }

  /** The fork server's command name (the target's; its children carry it too), or null. */
  private static String targetComm(Instance i) {
    if (i.after().size() < 2) {
      return null;
    }
    int afl = i.after().get(0).pid();
    return i.after().stream().skip(1).filter(m -> m.stat().ppid() == afl)
        .map(m -> m.stat().comm()).findFirst().orElse(null);
  }

  private static int count(List<InstanceRow> rows, InstanceStatus s) {
    return (int) rows.stream().filter(r -> r.status() == s).count();
  }

  static double median(List<Double> values) {
    List<Double> v = values.stream().sorted().toList();
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }

  static Map<String, InstanceRow> byName(List<InstanceRow> rows) {
    Map<String, InstanceRow> m = new HashMap<>();
    rows.forEach(r -> m.put(r.name(), r));
    return m;
  }
}
