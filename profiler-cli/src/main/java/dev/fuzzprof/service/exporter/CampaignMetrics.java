package dev.fuzzprof.service.exporter;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.campaign.CampaignReport;
import dev.fuzzprof.analyze.campaign.CampaignReport.CoreSeconds;
import dev.fuzzprof.analyze.campaign.CampaignReport.CpuSeconds;
import dev.fuzzprof.analyze.campaign.CampaignReport.InstanceRow;
import dev.fuzzprof.analyze.campaign.CampaignReport.Totals;
import dev.fuzzprof.analyze.campaign.InstanceStatus;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Campaign reports as Prometheus metrics: one series set per instance (labels {@code fuzzer},
 * {@code campaign}, {@code engine}), the CPUs the live instances may run on, and the findings.
 * Counters come from the reports' counters ({@link Totals}, {@link CoreSeconds}), gauges from
 * its latest figures; nothing unknown is invented (a series is left out instead). Pure: the same
 * reports give the same snapshots.
 */
public final class CampaignMetrics {
  /** The status words of {@code fuzzprof_status}, one series each (1 for the current one). */
  static final List<InstanceStatus> STATUSES = List.of(InstanceStatus.values());

  private CampaignMetrics() {}

  /**
   * One watched scope's report.
   *
   * @param campaign the campaign label of its findings: the OUT_DIR watched, or null when the
   *     scope is every running afl-fuzz of the host (its findings then carry no campaign)
   */
  public record Scope(String campaign, CampaignReport report) {}

  public static MetricSnapshots of(List<Scope> scopes) {
    Family execs = new Family("fuzzprof_execs", "executions of the target (AFL's own counter:"
        + " the newer of fuzzer_stats execs_done and plot_data total_execs)", null);
    Family cpu = new Family("fuzzprof_cpu_seconds", "CPU time of afl-fuzz (process=fuzzer) and"
        + " of its target tree, reaped children included (process=target)", Unit.SECONDS);
    Family crashes = new Family("fuzzprof_crashes", "saved crashes (fuzzer_stats saved_crashes)",
        null);
    Family hangs = new Family("fuzzprof_hangs", "saved hangs (fuzzer_stats saved_hangs)", null);
    Family busy = new Family("fuzzprof_cpu_busy_seconds", "time a CPU that fuzzers may run on"
        + " spent in user (with nice) or system (with irq, softirq) mode, from /proc/stat",
        Unit.SECONDS);
    Family edges = new Family("fuzzprof_edges_found", "map edges found (fuzzer_stats"
        + " edges_found)", null);
    Family edgesTotal = new Family("fuzzprof_map_edges", "map edges the target has"
        + " (fuzzer_stats total_edges)", null);
    Family corpus = new Family("fuzzprof_corpus_entries", "entries in the queue (corpus_count)",
        null);
    Family stability = new Family("fuzzprof_stability_ratio", "stability, 0-1", null);
    Family bound = new Family("fuzzprof_bound_cpu", "the CPU a live instance is bound to alone"
        + " (Cpus_allowed_list of afl-fuzz and its target), -1 when it may run on several", null);
    Family up = new Family("fuzzprof_up", "1 when afl-fuzz runs, 0 otherwise", null);
    Family status = new Family("fuzzprof_status", "1 for the instance's status word (running,"
        + " starting, stale, dead, never-ran, unknown), 0 for the others", null);
    Family updated = new Family("fuzzprof_last_update_timestamp_seconds", "when AFL last wrote"
        + " fuzzer_stats (last_update), Unix time", Unit.SECONDS);
    Family finding = new Family("fuzzprof_finding", "findings scaling-report would give now, by"
        + " id and severity: how many", null);

    Map<Integer, CoreSeconds> cores = new TreeMap<>();
    TreeSet<Integer> usedCpus = new TreeSet<>();
    for (Scope scope : scopes) {
      CampaignReport r = scope.report();
      for (InstanceRow i : r.instances()) {
        String[] l = {"fuzzer", i.name(), "campaign", campaign(i), "engine",
            i.engine() == null ? "" : i.engine().toString()};
        Totals t = i.totals();
        if (t != null) {
          execs.add(t.execs(), l);
          crashes.add(t.crashes(), l);
          hangs.add(t.hangs(), l);
          edges.add(t.edgesFound(), l);
          edgesTotal.add(t.totalEdges(), l);
          updated.add(t.lastUpdate(), l);
          CpuSeconds c = t.cpu();
          if (c != null) {
            cpu.add(c.fuzzerUser(), with(l, "process", "fuzzer", "cpu_mode", "user"));
            cpu.add(c.fuzzerSystem(), with(l, "process", "fuzzer", "cpu_mode", "system"));
            cpu.add(c.targetUser(), with(l, "process", "target", "cpu_mode", "user"));
            cpu.add(c.targetSystem(), with(l, "process", "target", "cpu_mode", "system"));
          }
        }
        corpus.add(i.corpusCount(), l);
        stability.add(i.stability() == null ? null : i.stability() / 100.0, l);
        if (i.alive()) {
          bound.add(i.cpus().size() == 1 ? i.cpus().get(0) : -1, l);
          usedCpus.addAll(i.cpus());
        }
        up.add(i.alive() ? 1 : 0, l);
        for (InstanceStatus s : STATUSES) {
          status.add(s == i.status() ? 1 : 0, with(l, "status", s.toString()));
        }
      }
      r.coreSeconds().forEach(c -> cores.putIfAbsent(c.cpu(), c));
      Map<List<String>, Integer> found = new LinkedHashMap<>();
      for (Finding f : r.findings()) {
        found.merge(List.of(f.id(), f.severity().toString()), 1, Integer::sum);
      }
      found.forEach((k, n) -> finding.add(n, scope.campaign() == null
          ? new String[] {"id", k.get(0), "severity", k.get(1)}
          : new String[] {"campaign", scope.campaign(), "id", k.get(0), "severity", k.get(1)}));
    }
    for (int c : usedCpus) {
      CoreSeconds s = cores.get(c);
      if (s != null) {
        String cpuLabel = Integer.toString(c);
        busy.add(s.userSeconds(), "cpu", cpuLabel, "cpu_mode", "user");
        busy.add(s.systemSeconds(), "cpu", cpuLabel, "cpu_mode", "system");
      }
    }
    List<MetricSnapshot> out = new ArrayList<>();
    for (Family f : List.of(execs, cpu, crashes, hangs, busy)) {
      f.counter().ifPresent(out::add);
    }
    for (Family f : List.of(edges, edgesTotal, corpus, stability, bound, up, status, updated,
        finding)) {
      f.gauge().ifPresent(out::add);
    }
    return new MetricSnapshots(out);
  }

  /** The afl-fuzz -o directory of the instance: its folder's parent. */
  static String campaign(InstanceRow i) {
    if (i.dir() == null) {
      return "";
    }
    Path p = Path.of(i.dir()).toAbsolutePath().normalize().getParent();
    return p == null ? "" : p.toString();
  }

  private static String[] with(String[] labels, String... more) {
    String[] out = new String[labels.length + more.length];
    System.arraycopy(labels, 0, out, 0, labels.length);
    System.arraycopy(more, 0, out, labels.length, more.length);
    return out;
  }

  /** One metric family's points while they are gathered. */
  private static final class Family {
    final String name;
    final String help;
    final Unit unit;
    final Map<Labels, Double> points = new LinkedHashMap<>();

    Family(String name, String help, Unit unit) {
      this.name = name;
      this.help = help;
      this.unit = unit;
    }

    void add(Number value, String... labels) {
      if (value != null && !Double.isNaN(value.doubleValue())) {
        // two instances with the same labels (the same folder read twice) count once
        points.putIfAbsent(Labels.of(labels), value.doubleValue());
      }
    }

    java.util.Optional<MetricSnapshot> counter() {
      return build(b -> {
        CounterSnapshot.Builder c = CounterSnapshot.builder().name(name).help(help);
        if (unit != null) {
          c.unit(unit);
        }
        points.forEach((l, v) -> c.dataPoint(CounterDataPointSnapshot.builder().labels(l)
            .value(v).build()));
        return c.build();
      });
    }

    java.util.Optional<MetricSnapshot> gauge() {
      return build(b -> {
        GaugeSnapshot.Builder g = GaugeSnapshot.builder().name(name).help(help);
        if (unit != null) {
          g.unit(unit);
        }
        points.forEach((l, v) -> g.dataPoint(GaugeDataPointSnapshot.builder().labels(l)
            .value(v).build()));
        return g.build();
      });
    }

    private java.util.Optional<MetricSnapshot> build(Function<Void, MetricSnapshot> make) {
      return points.isEmpty() ? java.util.Optional.empty()
          : java.util.Optional.of(make.apply(null));
    }
  }
}
