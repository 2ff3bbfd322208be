package dev.fuzzprof.render;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.flame.FlameReport;
import dev.fuzzprof.analyze.flame.FlameReport.PathShare;
import dev.fuzzprof.analyze.flame.FlameReport.Share;
import dev.fuzzprof.analyze.flame.FlameReport.LibraryShare;
import dev.fuzzprof.analyze.flame.FlameReport.UserShare;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** {@code fuzzprof flame} for people: the user/kernel split, kernel hot spots, the files. */
public final class FlameReportText {
  private FlameReportText() {}

  public static void write(PrintWriter out, String target, FlameReport r) {
    out.println("fuzzprof flame: " + target + " (" + r.mode() + ", "
        + String.format(Locale.ROOT, "%.1f s", r.seconds()) + ", " + Figures.count(r.samples())
        + " samples" + (r.partial() ? ", PARTIAL: the target exited" : "") + ")");
    out.println();
    out.println("  user    " + pct(r.userPercent()) + "  in the target's own code and libraries");
    out.println("  kernel  " + pct(r.kernelPercent()) + "  in the kernel, on the target's behalf");
    if (!r.topUserFrames().isEmpty()) {
      out.println();
      out.println("Hottest user functions (self: on the CPU), % of all samples");
      Table t = new Table("function", "library", "share", "samples").left(0).left(1);
      for (UserShare u : r.topUserFrames()) {
        t.row(u.frame(), u.library() == null ? "-" : u.library(), pct(u.percent()),
            Figures.count(u.samples()));
      }
      t.print(out, "  ");
    }
    if (!r.userLibraries().isEmpty()) {
      out.println();
      out.println("User time by library (self), % of all samples");
      Table t = new Table("library", "share", "samples").left(0);
      for (LibraryShare l : r.userLibraries()) {
        t.row(l.library(), pct(l.percent()), Figures.count(l.samples()));
      }
      t.print(out, "  ");
    }
    // a kernel share this small makes tables of 0.0% rows: say so once instead
    boolean kernelTables = r.kernelPercent() >= KERNEL_TABLES;
    boolean kernelSampled = r.missing().stream()
        .noneMatch(m -> m.startsWith(dev.fuzzprof.analyze.flame.FlameAnalyzer.NO_KERNEL_FRAMES));
    if (!kernelSampled) {
      out.println();
      out.println("Kernel: not sampled (see Missing); the user share is of user samples only.");
    } else if (!kernelTables && r.samples() > 0) {
      out.println();
      out.println("Kernel: under " + Figures.one(KERNEL_TABLES) + "% of the samples; no kernel"
          + " tables.");
    }
    if (kernelTables && !r.syscalls().isEmpty()) {
      out.println();
      out.println("Kernel time by syscall (or other way in), % of all samples");
      Table t = new Table("syscall", "share", "samples").left(0);
      for (Share s : r.syscalls()) {
        t.row(s.frame(), pct(s.percent()), Figures.count(s.samples()));
      }
      t.print(out, "  ");
    }
    if (kernelTables && !r.topKernelFrames().isEmpty()) {
      out.println();
      out.println("Hottest kernel frames (inclusive; entry frames left out)");
      Table t = new Table("frame", "share", "samples").left(0);
      for (Share s : r.topKernelFrames()) {
        t.row(s.frame(), pct(s.percent()), Figures.count(s.samples()));
      }
      t.print(out, "  ");
    }
    if (kernelTables && !r.kernelPaths().isEmpty()) {
      out.println();
      out.println("Hottest kernel paths");
      List<PathShare> paths = r.kernelPaths();
      for (PathShare p : paths.subList(0, Math.min(5, paths.size()))) {
        out.println("  " + pct(p.percent()) + "  " + String.join(" > ", p.path()));
      }
    }
    out.println();
    if (r.output() != null) {
      out.println("Flame graph  " + r.output());
      out.println("Stacks       " + r.collapsed() + "  (collapsed: frame;frame;... count; kernel"
          + " frames end in _[k])");
      out.println();
    }
    if (!r.missing().isEmpty()) {
      out.println("Missing");
      r.missing().forEach(m -> out.println("  " + m));
      out.println();
    }
    if (r.findings().isEmpty()) {
      out.println("Findings: none");
    } else {
      out.println("Findings");
      for (Finding f : r.findings()) {
        out.println("  " + f.severity().toString().toUpperCase(Locale.ROOT) + "  " + f.id() + ": "
            + f.message());
        out.println("      fix: " + f.fix());
      }
    }
  }

  /** The kernel share, percent of samples, below which the kernel tables are left out. */
  static final double KERNEL_TABLES = 1.0;

  private static String pct(double percent) {
    return String.format(Locale.ROOT, "%5.1f%%", percent);
  }
}
