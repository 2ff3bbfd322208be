package dev.fuzzprof.render;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.compare.CompareAnalyzer;
import dev.fuzzprof.analyze.compare.CompareReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code fuzzprof compare} for a terminal. */
public final class CompareReportText {
  private CompareReportText() {}

  public static void write(PrintWriter out, CompareReport r) {
    out.println(r.verdict());
    out.println();
    out.println("Metric: " + r.metricWords() + " (" + r.metric() + "), "
        + (r.atSeconds() == null ? "at the end of each trial"
            : "at " + CompareAnalyzer.seconds(r.atSeconds()) + " into each trial"));
    Table t = new Table("arm", "trials", "median", "q1", "q3", "values");
    for (CompareReport.Arm a : r.arms()) {
      t.row(a.name(), a.trials(), CompareAnalyzer.num(a.median()), CompareAnalyzer.num(a.q1()),
          CompareAnalyzer.num(a.q3()), String.join(" ", a.values().stream()
              .map(v -> CompareAnalyzer.num(v)).toList()));
    }
    t.left(0).left(5).print(out, "  ");
    for (CompareReport.Arm a : r.arms()) {
      if (a.cpuSeconds() != null) {
        out.println(String.format(Locale.ROOT, "  %s: median %.1f CPU seconds received%s",
            a.name(), a.cpuSeconds(), a.perCpuSecond() == null ? ""
                : String.format(Locale.ROOT, "; %s per CPU-second: median %s (q1 %s, q3 %s)",
                    r.metricWords(), per(a.perCpuSecond().median()),
                    per(a.perCpuSecond().q1()), per(a.perCpuSecond().q3()))));
      }
    }
    out.println(String.format(Locale.ROOT,
        "  Mann-Whitney U = %s (%s), two-sided %s; A12 = %.3f (%s)",
        CompareAnalyzer.num(r.u()), r.test(), CompareAnalyzer.p(r.pValue()), r.a12(),
        r.magnitude()));
    out.println();
    out.println("Trials");
    boolean measured = r.arms().stream().anyMatch(a -> a.cpuSeconds() != null);
    Table tr = measured
        ? new Table("arm", "trial", "value", "ran", "instances", "instance-s", "CPUs", "CPU-s",
            "per CPU-s")
        : new Table("arm", "trial", "value", "ran", "instances", "instance-s");
    for (CompareReport.Arm a : r.arms()) {
      for (CompareReport.TrialValue v : a.perTrial()) {
        List<Object> row = new ArrayList<>(List.of(a.name(), v.name(),
            CompareAnalyzer.num(v.value()), v.seconds() == null ? "-" : v.seconds() + " s",
            v.instances() == null ? "-" : v.instances(),
            v.instanceSeconds() == null ? "-" : CompareAnalyzer.num(v.instanceSeconds())));
        if (measured) {
          row.add(v.cpus().isEmpty() ? "-" : v.cpus().stream().map(String::valueOf)
              .collect(java.util.stream.Collectors.joining(",")));
          row.add(v.cpuSeconds() == null ? "-"
              : String.format(Locale.ROOT, "%.1f", v.cpuSeconds()));
          row.add(v.perCpuSecond() == null ? "-" : per(v.perCpuSecond()));
        }
        tr.row(row.toArray());
      }
    }
    tr.left(0).left(1).print(out, "  ");
    out.println();
    if (r.warnings().isEmpty()) {
      out.println("Warnings: none");
    } else {
      out.println("Warnings");
      for (Finding f : r.warnings()) {
        out.println("  [" + f.severity() + "] " + f.id() + ": " + f.message());
        out.println("      fix: " + f.fix());
      }
    }
    if (!r.notes().isEmpty()) {
      out.println();
      out.println("Notes");
      r.notes().forEach(n -> out.println("  - " + n));
    }
  }

  /** A rate per CPU-second: 3 significant digits. */
  private static String per(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.3g", v);
  }
}
