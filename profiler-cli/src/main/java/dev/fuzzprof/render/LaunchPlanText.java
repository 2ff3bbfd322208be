package dev.fuzzprof.render;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.launch.LaunchPlan;
import dev.fuzzprof.analyze.launch.PlannedInstance;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** A launch plan for people: who runs where, bound how, with which options. */
public final class LaunchPlanText {
  private LaunchPlanText() {}

  public static void write(PrintWriter w, LaunchPlan plan, List<Finding> boxFindings) {
    String engine = switch (plan.engine()) {
      case "afl++" -> "AFL++ " + plan.version();
      case "afl" -> "AFL " + plan.version();
      default -> "libFuzzer";
    };
    w.println("fuzzprof launch: " + engine + ", " + plan.instances().size() + " instance"
        + (plan.instances().size() == 1 ? "" : "s") + ", mix " + plan.mix() + ", output "
        + plan.outputDir());
    w.println(String.format(Locale.ROOT, "  %-8s %-10s %4s  %-12s %s", "name", "role", "cpu",
        "bound by", "options"));
    for (PlannedInstance i : plan.instances()) {
      w.println(String.format(Locale.ROOT, "  %-8s %-10s %4d  %-12s %s", i.name(), i.role(),
          i.cpu(), i.binding(), String.join(" ", i.options())).stripTrailing());
      for (String n : i.notes()) {
        w.println("           note: " + n);
      }
    }
    for (String n : plan.notes()) {
      w.println("note: " + n);
    }
    for (Finding f : boxFindings) {
      w.println("box [" + f.id() + "] " + f.message());
      w.println("    fix: " + f.fix());
    }
    w.flush();
  }
}
