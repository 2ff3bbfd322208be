package dev.fuzzprof.analyze.scale;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.FindingId;
import dev.fuzzprof.analyze.Severity;
import dev.fuzzprof.analyze.campaign.CampaignReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** Steps to a curve: efficiency, knee, best count, and the reasons for the loss. */
public final class ScaleAnalyzer {
  /** Efficiency under this is a loss worth explaining (scaling-report's threshold too). */
  static final double GOOD = 0.8;

  private ScaleAnalyzer() {}

  /** One step from the campaign report of its instances. */
  public static ScaleStep step(int instances, CampaignReport r, long startMillis,
      long endMillis) {
    List<ScaleStep.InstanceFigures> rows = new ArrayList<>();
    Set<Integer> cpus = new HashSet<>();
    double cpu = 0;
    double wait = 0;
    int waits = 0;
    boolean anyCpu = false;
    for (CampaignReport.InstanceRow i : r.instances()) {
      Integer bound = i.cpus() != null && i.cpus().size() == 1 ? i.cpus().get(0) : null;
      if (bound != null) {
        cpus.add(bound);
      }
      if (i.cpuPercent() != null) {
        cpu += i.cpuPercent();
        anyCpu = true;
      }
      if (i.waitPercent() != null) {
        wait += i.waitPercent();
        waits++;
      }
      rows.add(new ScaleStep.InstanceFigures(i.name(), bound, i.execsPerSec(), i.cpuPercent(),
          i.kernelPercent(), i.waitPercent()));
    }
    boolean smt = false;
    for (CampaignReport.CpuSlot s : r.cpuMap()) {
      if (cpus.contains(s.cpu())
          && s.siblings().stream().anyMatch(x -> x != s.cpu() && cpus.contains(x))) {
        smt = true;
      }
    }
    List<String> notes = new ArrayList<>();
    for (String n : r.notes()) {
      if (!n.startsWith("no baseline")) { // scale's baseline is its own first step
        notes.add(n);
      }
    }
    if (r.alive() < instances) {
      notes.add(0, (instances - r.alive()) + " of " + instances + " instances were not running"
          + " during the step");
    }
    // The instances' own kernel share, weighted by the CPU each received: the box's share
    // (r.kernelPercent) counts whatever else runs on the CPUs too, which on a busy box is not
    // what grows or shrinks with the instances. The box's share only when no instance has one.
    double kw = 0;
    double kcpu = 0;
    for (CampaignReport.InstanceRow i : r.instances()) {
      if (i.kernelPercent() != null && i.cpuPercent() != null && i.cpuPercent() > 0) {
        kw += i.kernelPercent() * i.cpuPercent();
        kcpu += i.cpuPercent();
      }
    }
    Double kernel = kcpu > 0 ? Math.round(10 * kw / kcpu) / 10.0 : r.kernelPercent();
    return new ScaleStep(instances, r.cumulativeExecsPerSec(), null, kernel,
        cpus.stream().sorted().toList(), anyCpu ? cpu : null, waits > 0 ? wait / waits : null,
        smt, rows, startMillis, endMillis, notes);
  }

  public static ScaleReport analyze(String engine, String target, double stepSeconds,
      double warmupSeconds, List<ScaleStep> measured) {
    List<ScaleStep> steps = measured.stream()
        .sorted(Comparator.comparingInt(ScaleStep::instances)).toList();
    List<String> notes = new ArrayList<>();
    ScaleReport.Baseline base = null;
    for (ScaleStep s : steps) {
      if (s.execsPerSec() != null && s.execsPerSec() > 0) {
        base = new ScaleReport.Baseline(s.instances(), s.execsPerSec() / s.instances(),
            s.instances() == 1 ? "the 1-instance step"
                : "the " + s.instances() + "-instance step's rate per instance (no 1-instance"
                    + " step had a rate)");
        break;
      }
    }
    List<ScaleStep> withE = new ArrayList<>();
    for (ScaleStep s : steps) {
      Double e = base == null || s.execsPerSec() == null ? null
          : s.execsPerSec() / (s.instances() * base.execsPerSec());
      withE.add(s.withEfficiency(e));
    }
    if (base == null) {
      notes.add("no step had an execs/s figure: no efficiency");
    }
    Integer knee = null;
    for (ScaleStep s : withE) {
      if (s.scalingEfficiency() == null) {
        continue;
      }
      if (s.scalingEfficiency() >= GOOD) {
        knee = s.instances();
      } else {
        break;
      }
    }
    Integer best = withE.stream().filter(s -> s.execsPerSec() != null)
        .max(Comparator.comparingDouble(ScaleStep::execsPerSec)).map(ScaleStep::instances)
        .orElse(null);
    List<String> why = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    ScaleStep first = withE.isEmpty() ? null : withE.get(0);
    for (ScaleStep s : withE) {
      if (s.scalingEfficiency() == null || s.scalingEfficiency() >= GOOD || s == first) {
        continue;
      }
      List<String> reasons = new ArrayList<>();
      if (s.smtShared()) {
        reasons.add("instances ran on SMT siblings of one core, which share its execution"
            + " units");
      }
      if (first != null && first.kernelPercent() != null && s.kernelPercent() != null
          && s.kernelPercent() - first.kernelPercent() >= 10) {
        reasons.add(String.format(Locale.ROOT, "the kernel share grew from %.0f%% to %.0f%%"
            + " (work in the kernel that does not scale: fork, page faults, locks)",
            first.kernelPercent(), s.kernelPercent()));
      }
      if (s.waitPercent() != null && s.waitPercent() >= 10) {
        reasons.add(String.format(Locale.ROOT, "the instances waited %.0f%% of the step for a"
            + " CPU (other load on the box)", s.waitPercent()));
      }
      if (s.cpuPercent() != null && s.cpuPercent() < s.instances() * 100 * GOOD) {
        reasons.add(String.format(Locale.ROOT, "the instances received %.0f%% of a CPU in all,"
            + " %.0f%% each, not 100%%", s.cpuPercent(), s.cpuPercent() / s.instances()));
      }
      String head = String.format(Locale.ROOT, "%d instances: %.0f%% efficiency", s.instances(),
          100 * s.scalingEfficiency());
      why.add(head + (reasons.isEmpty() ? "; the data shows no cause (CPUs were not shared,"
          + " kernel share and wait stayed low): the target itself slows with more instances"
          + " (memory bandwidth, caches, sync)" : ": " + String.join("; ", reasons)));
    }
    ScaleStep worst = withE.stream().filter(s -> s.scalingEfficiency() != null && s != first)
        .min(Comparator.comparingDouble(ScaleStep::scalingEfficiency)).orElse(null);
    if (worst != null && worst.scalingEfficiency() < GOOD) {
      String fix = knee == null || knee < 2
          ? "Find what the instances share (the explanations say what the data shows), and"
              + " check that nothing else runs on the box during the steps."
          : "Run about " + knee + " instances on this box for this target, or remove the cause"
              + " the explanations name.";
      findings.add(Finding.of(FindingId.SCALING_BELOW_LINEAR,
          worst.scalingEfficiency() < 0.5 ? Severity.HIGH : Severity.MEDIUM,
          String.format(Locale.ROOT, "%d instances made %.0f%% of linear: %,.0f execs/s"
              + " against %d x %,.0f (%s)", worst.instances(), 100 * worst.scalingEfficiency(),
              worst.execsPerSec(), worst.instances(), base.execsPerSec(), base.how()), fix));
    }
    withE.stream().filter(s -> !s.notes().isEmpty())
        .forEach(s -> s.notes().forEach(n -> notes.add(s.instances() + " instances: " + n)));
    return new ScaleReport(engine, target, stepSeconds, warmupSeconds, withE, base, knee, best,
        why, findings, notes.stream().filter(Objects::nonNull).distinct().toList());
  }
}
