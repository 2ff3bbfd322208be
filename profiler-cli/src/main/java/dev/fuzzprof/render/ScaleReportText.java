package dev.fuzzprof.render;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.scale.ScaleReport;
import dev.fuzzprof.analyze.scale.ScaleStep;
import java.io.PrintWriter;
import java.util.Locale;

/** The scaling curve for people: a table of steps, the baseline, knee and what explains loss. */
public final class ScaleReportText {
  private ScaleReportText() {}

  public static void write(PrintWriter w, ScaleReport r) {
    w.println(String.format(Locale.ROOT, "fuzzprof scale: %s on %s, %.0f s per step after %.0f s"
        + " of warm-up", r.engine(), r.target(), r.stepSeconds(), r.warmupSeconds()));
    w.println();
    w.println(String.format(Locale.ROOT, "%9s %12s %10s %10s %7s %6s  %s", "instances",
        "execs/s", "linear", "efficiency", "kernel", "wait", "cpus"));
    for (ScaleStep s : r.steps()) {
      String linear = r.baseline() == null ? "-"
          : Figures.rate(r.baseline().execsPerSec() * s.instances());
      w.println(String.format(Locale.ROOT, "%9d %12s %10s %10s %7s %6s  %s", s.instances(),
          s.execsPerSec() == null ? "-" : Figures.rate(s.execsPerSec()), linear,
          s.scalingEfficiency() == null ? "-" : Figures.percent(s.scalingEfficiency()),
          pct(s.kernelPercent()), pct(s.waitPercent()), Figures.cpus(s.cpus())
              + (s.smtShared() ? " (SMT siblings)" : "")));
    }
    w.println();
    if (r.baseline() != null) {
      w.println("baseline: " + Figures.rate(r.baseline().execsPerSec()) + " execs/s per instance ("
          + r.baseline().how() + ")");
    }
    w.println("knee: " + (r.knee() == null ? "none: the second step already fell below 80%"
        : "efficiency stayed at 80% or more up to " + r.knee() + " instance"
            + (r.knee() == 1 ? "" : "s")) + (r.best() == null ? ""
                : "; most execs/s at " + r.best() + " instance" + (r.best() == 1 ? "" : "s")));
    for (String e : r.explanations()) {
      w.println("  " + e);
    }
    for (Finding f : r.findings()) {
      w.println();
      w.println("[" + f.id() + "] " + f.severity() + ": " + f.message());
      w.println("    fix: " + f.fix());
    }
    if (!r.notes().isEmpty()) {
      w.println();
      for (String n : r.notes()) {
        w.println("note: " + n);
      }
    }
    w.flush();
  }

  private static String pct(Double p) {
    return p == null ? "-" : String.format(Locale.ROOT, "%.1f%%", p);
  }
}
