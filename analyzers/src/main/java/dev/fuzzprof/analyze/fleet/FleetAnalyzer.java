package dev.fuzzprof.analyze.fleet;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.FindingId;
import dev.fuzzprof.analyze.Severity;
import dev.fuzzprof.analyze.campaign.Busy;
import dev.fuzzprof.analyze.fleet.FleetReport.ExporterFinding;
import dev.fuzzprof.analyze.fleet.FleetReport.Host;
import dev.fuzzprof.parse.prometheus.QueryResponseParser.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The fleet's figures from the exporters' series: per host (Prometheus's {@code instance}
 * label) and in total. Pure. An instance is one (fuzzer, campaign) of one host; its execs/s is
 * Prometheus's rate of AFL's own counter over the window, so nothing here estimates a rate.
 */
public final class FleetAnalyzer {
  /** fuzzer_stats older than this on a live instance is stale: scaling-report's 5 minutes. */
  public static final double STALE_SECONDS = 300;
  /** Kernel share over which kernel-heavy is said: scaling-report's 30 %. */
  public static final double KERNEL_HEAVY = 0.30;

  private FleetAnalyzer() {}

  public static FleetReport analyze(FleetObservation o) {
    TreeMap<String, HostFigures> hosts = new TreeMap<>();
    for (Sample s : o.up()) {
      HostFigures h = hosts.computeIfAbsent(s.label("instance"), HostFigures::new);
      h.up.put(key(s), s.value() >= 1);
    }
    for (Sample s : o.execRates()) {
      if (Double.isFinite(s.value())) {
        hosts.computeIfAbsent(s.label("instance"), HostFigures::new).execs += s.value();
      }
    }
    for (Sample s : o.lastUpdate()) {
      HostFigures h = hosts.get(s.label("instance"));
      if (h != null && Boolean.TRUE.equals(h.up.get(key(s)))
          && o.time() - s.value() > STALE_SECONDS) {
        h.stale.add(s.label("fuzzer"));
      }
    }
    for (Sample s : o.boundCpu()) {
      HostFigures h = hosts.get(s.label("instance"));
      if (h != null && Boolean.TRUE.equals(h.up.get(key(s))) && s.value() >= 0) {
        h.bound.merge((int) s.value(), 1, Integer::sum);
      }
    }
    for (Sample s : o.cpuRates()) {
      HostFigures h = hosts.get(s.label("instance"));
      if (h == null || !Double.isFinite(s.value())) {
        continue;
      }
      if (s.label("cpu_mode").equals("system")) {
        h.system += s.value();
      } else {
        h.user += s.value();
      }
      h.cpuKnown = true;
    }
    for (Sample s : o.busyRates()) {
      HostFigures h = hosts.get(s.label("instance"));
      if (h != null && Double.isFinite(s.value())) {
        h.busy.merge(s.label("cpu"), s.value(), Double::sum);
      }
    }
    List<Host> rows = new ArrayList<>();
    hosts.values().forEach(h -> rows.add(h.row()));
    List<ExporterFinding> theirs = new ArrayList<>();
    for (Sample s : o.findings()) {
      if (s.value() > 0) {
        theirs.add(new ExporterFinding(s.label("instance"), s.label("campaign"), s.label("id"),
            s.label("severity"), (int) Math.round(s.value())));
      }
    }
    theirs.sort(java.util.Comparator.comparing(ExporterFinding::host)
        .thenComparing(ExporterFinding::campaign).thenComparing(ExporterFinding::id));
    return new FleetReport(o.time(), o.windowSeconds(), List.copyOf(rows), total(rows),
        List.copyOf(theirs), findings(rows, hosts));
  }

  private static Host total(List<Host> rows) {
    double execs = 0;
    int n = 0;
    int live = 0;
    int dead = 0;
    int stale = 0;
    Double cpus = null;
    Double kernel = null;
    double system = 0;
    List<Integer> bound = new ArrayList<>();
    List<Integer> collided = new ArrayList<>();
    List<Integer> idle = null;
    for (Host h : rows) {
      execs += h.execsPerSec();
      n += h.instances();
      live += h.live();
      dead += h.dead();
      stale += h.stale();
      if (h.cpusUsed() != null) {
        cpus = (cpus == null ? 0 : cpus) + h.cpusUsed();
        if (h.kernelShare() != null) {
          system += h.kernelShare() * h.cpusUsed();
        }
      }
      // across hosts a CPU number names different CPUs: the total counts them, one per host
      h.boundCpus().forEach(c -> bound.add(c));
      h.collidedCpus().forEach(c -> collided.add(c));
      if (h.idleCpus() != null) {
        idle = idle == null ? new ArrayList<>() : idle;
        idle.addAll(h.idleCpus());
      }
    }
    if (cpus != null && cpus > 0) {
      kernel = system / cpus;
    }
    return new Host("total", execs, n, live, dead, stale, cpus, List.copyOf(bound),
        List.copyOf(collided), idle == null ? null : List.copyOf(idle), kernel);
  }

  private static List<Finding> findings(List<Host> rows, Map<String, HostFigures> figures) {
    List<Finding> out = new ArrayList<>();
    for (Host h : rows) {
      if (!h.collidedCpus().isEmpty()) {
        HostFigures f = figures.get(h.host());
        StringBuilder which = new StringBuilder();
        for (int c : h.collidedCpus()) {
          which.append(which.length() == 0 ? "" : ", ").append("CPU ").append(c).append(" (")
              .append(f.bound.get(c)).append(" instances)");
        }
        out.add(Finding.of(FindingId.AFFINITY_COLLISION, Severity.HIGH, h.host()
            + ": live instances bound to one CPU: " + which));
      }
      if (h.idleCpus() != null && !h.idleCpus().isEmpty()) {
        out.add(Finding.of(FindingId.IDLE_CORES, Severity.MEDIUM, h.host() + ": "
            + h.idleCpus().size() + " CPU(s) the instances may run on were under "
            + (int) Busy.CPU_PERCENT + "% busy over the window: " + h.idleCpus()));
      }
      if (h.dead() > 0) {
        out.add(Finding.of(FindingId.DEAD_INSTANCE, Severity.MEDIUM, h.host() + ": "
            + h.dead() + " of " + h.instances() + " instance(s) not running"));
      }
      if (h.stale() > 0) {
        out.add(Finding.of(FindingId.STALE_STATS, Severity.MEDIUM, h.host() + ": "
            + h.stale() + " live instance(s) with fuzzer_stats older than "
            + (int) (STALE_SECONDS / 60) + " min: " + figures.get(h.host()).stale));
      }
      if (h.kernelShare() != null && h.kernelShare() > KERNEL_HEAVY) {
        out.add(Finding.of(FindingId.KERNEL_HEAVY, h.kernelShare() > 0.5 ? Severity.HIGH
            : Severity.MEDIUM, String.format(Locale.ROOT, "%s: %.0f%% of the instances' CPU"
            + " time in the kernel", h.host(), 100 * h.kernelShare())));
      }
    }
    return List.copyOf(out);
  }

  /** An instance of one host: its fuzzer and campaign. */
  private static List<String> key(Sample s) {
    return List.of(s.label("fuzzer"), s.label("campaign"));
  }

  private static final class HostFigures {
    final String host;
    final Map<List<String>, Boolean> up = new TreeMap<>(
        java.util.Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
    final TreeSet<String> stale = new TreeSet<>();
    final TreeMap<Integer, Integer> bound = new TreeMap<>();
    final TreeMap<String, Double> busy = new TreeMap<>();
    double execs;
    double user;
    double system;
    boolean cpuKnown;

    HostFigures(String host) {
      this.host = host;
    }

    Host row() {
      int live = (int) up.values().stream().filter(b -> b).count();
      List<Integer> collided = bound.entrySet().stream().filter(e -> e.getValue() > 1)
          .map(Map.Entry::getKey).toList();
      List<Integer> idle = null;
      if (!busy.isEmpty()) {
        idle = busy.entrySet().stream()
            .filter(e -> 100 * e.getValue() < Busy.CPU_PERCENT)
            .map(e -> Integer.parseInt(e.getKey())).sorted().toList();
      }
      Double cpus = cpuKnown ? user + system : null;
      Double kernel = cpuKnown && user + system > 0 ? system / (user + system) : null;
      return new Host(host, execs, up.size(), live, up.size() - live, stale.size(), cpus,
          List.copyOf(bound.keySet()), collided, idle, kernel);
    }
  }
}
