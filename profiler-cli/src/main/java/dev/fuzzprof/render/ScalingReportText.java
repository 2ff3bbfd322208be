package dev.fuzzprof.render;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.campaign.CampaignReport;
import dev.fuzzprof.analyze.campaign.CampaignReport.CpuSlot;
import dev.fuzzprof.analyze.campaign.CampaignReport.InstanceRow;
import dev.fuzzprof.analyze.campaign.CoreUse;
import dev.fuzzprof.analyze.Engine;
import java.io.PrintWriter;
import java.util.List;

/** {@code fuzzprof scaling-report} for a terminal. */
public final class ScalingReportText {
  /** Beyond this many instances the table shows the slowest and fastest only. */
  static final int MAX_ROWS = 40;

  private ScalingReportText() {}

  public static void write(PrintWriter out, CampaignReport r) {
    out.println("Campaign: " + r.source());
    if (r.machine() != null && r.alive() > 0) {
      out.println("  machine: " + Figures.machine(r.machine()));
    }
    out.println("  instances: " + r.instances().size() + " (" + r.alive() + " alive"
        + (r.starting() > 0 ? ", " + r.starting() + " of them starting" : "") + ", " + r.dead()
        + " dead, " + r.stale() + " stale" + (r.neverRan() > 0 ? ", " + r.neverRan()
            + " never ran" : "") + ")");
    out.println("  cumulative: " + (r.cumulativeExecsPerSec() == null ? "-"
        : Figures.rate(r.cumulativeExecsPerSec())) + " execs/s, over " + r.counted());
    if (r.scalingEfficiency() != null) {
      boolean suspect = r.findings().stream().anyMatch(f -> f.id().equals("efficiency-suspect"));
      out.println("  scaling efficiency: " + Figures.percent(r.scalingEfficiency())
          + " of linear" + (suspect ? " (suspect: see efficiency-suspect)" : "") + "; baseline "
          + Figures.rate(r.baseline().execsPerSec()) + " execs/s per instance, "
          + r.baseline().how());
    } else {
      out.println("  scaling efficiency: - (no baseline)");
    }
    out.println("  CPUs online: " + Figures.cpus(r.cpusOnline())
        + (r.sampleSeconds() == null ? "" : "; busy: " + list(r.busyCpus()) + "; idle: "
            + list(r.idleCpus()) + " (over " + Figures.one(r.sampleSeconds()) + " s)")
        + (r.kernelPercent() == null ? "" : "; kernel share of busy time: "
            + Figures.one(r.kernelPercent()) + "%"));
    out.println();

    out.println("Instances");
    boolean libFuzzer = r.instances().stream().anyMatch(i -> i.engine() == Engine.LIBFUZZER);
    Table t = libFuzzer
        ? new Table("name", "engine", "pid", "status", "execs/s", "from", "cpus", "cpu%",
            "kernel%", "wait%", "cov", "ft", "corpus", "crashes")
        : new Table("name", "role", "pid", "status", "execs/s", "from", "cpus", "cpu%",
            "kernel%", "wait%", "stability", "crashes");
    List<InstanceRow> rows = r.instances();
    if (rows.size() > MAX_ROWS) {
      List<InstanceRow> sorted = rows.stream().sorted((a, b) -> Double.compare(
          a.execsPerSec() == null ? -1 : a.execsPerSec(),
          b.execsPerSec() == null ? -1 : b.execsPerSec())).toList();
      rows = new java.util.ArrayList<>(sorted.subList(0, MAX_ROWS / 2));
      rows.addAll(sorted.subList(sorted.size() - MAX_ROWS / 2, sorted.size()));
      out.println("  (the " + MAX_ROWS / 2 + " slowest and " + MAX_ROWS / 2 + " fastest of "
          + r.instances().size() + "; --format json has them all)");
    }
    for (InstanceRow i : rows) {
      if (libFuzzer) {
        t.row(i.name(), i.engine() == Engine.LIBFUZZER ? "libfuzzer" : "afl " + i.role(),
            i.pid(), i.status(),
            i.execsPerSec() == null ? null : Figures.rate(i.execsPerSec()),
            i.execsSource() == null ? null : i.execsSource() + " " + Figures.one(i.execsSeconds())
                + " s",
            i.cpus().isEmpty() ? null : Figures.cpus(i.cpus()),
            i.cpuPercent() == null ? null : Figures.one(i.cpuPercent()),
            i.kernelPercent() == null ? null : Figures.one(i.kernelPercent()),
            i.waitPercent() == null ? null : Figures.one(i.waitPercent()), i.coverage(),
            i.features(), i.corpusCount(), i.savedCrashes());
        continue;
      }
      t.row(i.name(), i.role(), i.pid(), i.status(),
          i.execsPerSec() == null ? null : Figures.rate(i.execsPerSec()),
          i.execsSource() == null ? null : i.execsSource() + " " + Figures.one(i.execsSeconds())
              + " s",
          i.cpus().isEmpty() ? null : Figures.cpus(i.cpus()),
          i.cpuPercent() == null ? null : Figures.one(i.cpuPercent()),
          i.kernelPercent() == null ? null : Figures.one(i.kernelPercent()),
          i.waitPercent() == null ? null : Figures.one(i.waitPercent()),
          i.stability() == null ? null : Figures.one(i.stability()) + "%", i.savedCrashes());
    }
    t.left(1).left(3).left(5).left(6).print(out, "  ");

    if (!r.perCore().isEmpty()) {
      out.println();
      out.println("CPUs (over the sample window)");
      Table c = new Table("cpu", "user%", "system%", "idle%", "busy", "instances bound to it");
      for (CoreUse u : r.perCore()) {
        CpuSlot slot = r.cpuMap().stream().filter(m -> m.cpu() == u.cpu()).findFirst()
            .orElse(null);
        c.row(u.cpu(), Figures.one(u.userPercent()), Figures.one(u.systemPercent()),
            Figures.one(u.idlePercent()), slot != null && slot.busy() ? "yes" : "no",
            slot == null || slot.instances().isEmpty() ? "" : String.join(", ",
                slot.instances()));
      }
      c.left(4).left(5).print(out, "  ");
    }

    out.println();
    if (r.findings().isEmpty()) {
      out.println(r.alive() > 0
          ? "Findings: none. Every live instance has a CPU of its own."
          : "Findings: none from the files (no instance is running: CPU placement is only"
              + " checked live, or in a snapshot).");
    } else {
      out.println("Findings");
      for (Finding f : r.findings()) {
        out.println("  [" + f.severity() + "] " + f.id() + ": " + f.message());
        out.println("      fix: " + f.fix());
      }
    }
    if (!r.notes().isEmpty()) {
      out.println();
      out.println("Notes");
      r.notes().stream().limit(20).forEach(n -> out.println("  - " + n));
      if (r.notes().size() > 20) {
        out.println("  - ... and " + (r.notes().size() - 20) + " more (--format json)");
      }
    }
  }

  private static String list(List<Integer> cpus) {
    return cpus.isEmpty() ? "none" : Figures.cpus(cpus);
  }
}
