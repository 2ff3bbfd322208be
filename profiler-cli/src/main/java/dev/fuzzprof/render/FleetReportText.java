package dev.fuzzprof.render;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.fleet.FleetReport;
import dev.fuzzprof.analyze.fleet.FleetReport.ExporterFinding;
import dev.fuzzprof.analyze.fleet.FleetReport.Host;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/** {@code fuzzprof fleet} for people: one table row per host, the total, then the findings. */
public final class FleetReportText {
  private FleetReportText() {}

  public static void write(PrintWriter out, FleetReport r) {
    out.println("Fleet at " + Instant.ofEpochSecond((long) r.time()) + ", rates over "
        + (long) r.windowSeconds() + " s: " + r.hosts().size() + " host(s), "
        + r.total().instances() + " instance(s), " + Figures.rate(r.total().execsPerSec())
        + " execs/s");
    out.println();
    Table t = new Table("host", "execs/s", "instances", "live", "dead", "stale", "CPUs used",
        "bound", "collided", "idle", "kernel");
    for (Host h : r.hosts()) {
      row(t, h);
    }
    row(t, r.total());
    t.print(out, "  ");
    out.println();
    out.println("Findings:");
    if (r.findings().isEmpty() && r.exporterFindings().isEmpty()) {
      out.println("  none");
    }
    for (Finding f : r.findings()) {
      out.println("  [" + f.severity() + "] " + f.id() + ": " + f.message());
      out.println("      fix: " + f.fix());
    }
    if (!r.exporterFindings().isEmpty()) {
      out.println();
      out.println("The exporters' findings (fuzzprof scaling-report on each host says more):");
      for (ExporterFinding f : r.exporterFindings()) {
        out.println("  [" + f.severity() + "] " + f.id() + " x" + f.count() + ": " + f.host()
            + (f.campaign().isEmpty() ? "" : " " + f.campaign()));
      }
    }
  }

  private static void row(Table t, Host h) {
    boolean total = h.host().equals("total");
    t.row(h.host(), Figures.rate(h.execsPerSec()), h.instances(), h.live(), h.dead(), h.stale(),
        h.cpusUsed() == null ? null : Figures.one(h.cpusUsed()), cpus(h.boundCpus(), total),
        cpus(h.collidedCpus(), total), h.idleCpus() == null ? null
            : cpus(h.idleCpus(), total),
        h.kernelShare() == null ? null : Figures.percent(h.kernelShare()));
  }

  /** A host's CPUs as a list; the total's as a count (CPU numbers differ between hosts). */
  private static String cpus(List<Integer> cpus, boolean total) {
    if (total) {
      return Integer.toString(cpus.size());
    }
    return cpus.isEmpty() ? "none" : Figures.cpus(cpus);
  }
}
