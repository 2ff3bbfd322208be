package dev.fuzzprof.render;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.doctor.Check;
import dev.fuzzprof.analyze.doctor.DoctorReport;
import dev.fuzzprof.parse.proc.CpuListParser;
import java.io.PrintWriter;
import java.util.stream.Collectors;

/** {@code fuzzprof doctor} for people: a line per check, then the findings and their fixes. */
public final class DoctorReportText {
  private DoctorReportText() {}

  public static void write(PrintWriter w, DoctorReport r) {
    w.println("allowed CPUs: " + CpuListParser.format(r.allowedCpus()) + "   order to use: "
        + r.cpuOrder().stream().map(String::valueOf).collect(Collectors.joining(",")));
    w.println();
    int width = r.checks().stream().mapToInt(c -> c.name().length()).max().orElse(10);
    int statusWidth = r.checks().stream().mapToInt(c -> status(c).length()).max().orElse(2);
    for (Check c : r.checks()) {
      w.printf("%-" + width + "s  %-" + statusWidth + "s  %s   [%s]%n", c.name(), status(c),
          c.value(), c.source());
    }
    w.println();
    if (r.findings().isEmpty()) {
      w.println("no findings");
      return;
    }
    w.println("findings:");
    for (Finding f : r.findings()) {
      w.println(f.id() + " (" + f.severity() + "): " + f.message());
      w.println("  fix: " + f.fix());
    }
  }

  /** ok, not applicable, or the id of the finding the check gave. */
  static String status(Check c) {
    return switch (c.status()) {
      case OK -> "ok";
      case FINDING -> c.findingId();
      case NOT_APPLICABLE -> "not applicable";
    };
  }
}
