package dev.fuzzprof.render;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.attach.AttachReport;
import dev.fuzzprof.analyze.campaign.CoreUse;
import dev.fuzzprof.analyze.attach.AttachReport.ProcessUse;
import dev.fuzzprof.analyze.attach.AttachReport.SyscallCount;
import dev.fuzzprof.analyze.flame.FlameReport.PathShare;
import dev.fuzzprof.service.attach.AttachResult;
import dev.fuzzprof.service.attach.LiveAttach;
import dev.fuzzprof.analyze.Engine;
import java.io.PrintWriter;
import java.util.Locale;

/** {@code fuzzprof attach} for people: rates, syscalls, CPU split, the sample, findings. */
public final class AttachReportText {
  private AttachReportText() {}

  /** The report, then the kernel paths when {@code --stacks} asked for them. */
  public static void write(PrintWriter out, AttachResult result) {
    write(out, result.report());
    if (result.observerCpuSeconds() != null && result.observerSeconds() != null) {
      out.println();
      out.println(String.format(Locale.ROOT, "fuzzprof itself: %.2f CPU s in %.1f s (the JVM"
          + " with its start, and the perf and strace it ran): CPU time the fuzzers did not get",
          result.observerCpuSeconds(), result.observerSeconds()));
    }
    if (result.kernelPaths() == null) {
      return;
    }
    out.println();
    out.println("Kernel paths (perf record -g, " + LiveAttach.STACKS_SECONDS
        + " s, share of all samples)");
    if (result.kernelPathsMissing() != null) {
      out.println("  not profiled: " + result.kernelPathsMissing());
    }
    for (PathShare p : result.kernelPaths()) {
      out.println(String.format(Locale.ROOT, "  %5.1f%%  %s", p.percent(),
          String.join(" > ", p.path())));
    }
  }

  public static void write(PrintWriter out, AttachReport r) {
    out.println(String.format(Locale.ROOT, "fuzzprof attach: pid %d, %s%s, counted %.1f s%s",
        r.pid(), r.mode(), r.engine() == Engine.JAZZER ? " (Jazzer)" : "", r.seconds(),
        r.partial() ? "  (PARTIAL: see missing)" : ""));
    out.println();
    boolean inProcess = r.engine() == Engine.LIBFUZZER || r.engine() == Engine.JAZZER;
    out.println("  cases/s        " + (r.execsPerSec() == null ? "-" : Figures.rate(r.execsPerSec()))
        + (r.aflExecsPerSec() == null ? "" : "  (AFL's counters: "
            + Figures.rate(r.aflExecsPerSec()) + ")")
        + (r.logExecsPerSec() == null ? "" : "  (its log: " + Figures.rate(r.logExecsPerSec())
            + " exec/s, libFuzzer's average since it started)"));
    if (inProcess) {
      if (r.observerCostPercent() != null) {
        out.println("  counting cost  " + Figures.one(r.observerCostPercent()) + "% of a CPU"
            + " during the " + Figures.one(r.syscallSampleSeconds()) + " s uprobe window"
            + " (measured: the target's extra kernel time while the probe counted)");
      }
      if (r.log() != null) {
        out.println("  log            " + r.log());
      }
    } else {
      out.println("  syscalls/case  " + (r.syscallsPerCase() == null ? "-"
          : Figures.one(r.syscallsPerCase())));
    }
    out.println("  target CPU     " + pct(r.kernelPercent()) + " kernel, " + pct(r.userPercent())
        + " user of one CPU" + (r.kernelShare() == null ? "" : ": " + pct(r.kernelShare())
            + " in the kernel") + (inProcess ? " (the fuzzer's process, all its threads"
            : " (fork server and all its children")
        + (r.kernelSource() == null ? "" : "cpu".equals(r.kernelSource())
            ? "; split from its CPUs' /proc/stat" : "perf".equals(r.kernelSource())
            ? "; split from CPU-clock samples" : "; split from the processes' own times, which"
                + " count short-lived children as user time") + ")");
    if (r.contextSwitchesPerCase() != null) {
      out.println("  switches/case  " + Figures.one(r.contextSwitchesPerCase()));
    }
    if (r.runQueueWaitPercent() != null) {
      out.println("  run-queue wait " + pct(r.runQueueWaitPercent()) + " of the window");
    }
    if (r.countedBy() != null) {
      out.println("  counted by     " + r.countedBy());
    }
    if (!r.perSyscall().isEmpty()) {
      out.println();
      out.println("Syscalls (counted in the kernel, " + Figures.one(r.syscallSampleSeconds()) + " s sample)");
      Table t = new Table("syscall", "calls", "per case");
      for (SyscallCount s : r.perSyscall()) {
        t.row(s.name(), Figures.count(s.calls()), s.perCase() == null ? null
            : Figures.one(s.perCase()));
      }
      t.print(out, "  ");
    }
    out.println();
    out.println("Processes");
    Table p = new Table("role", "pid", "comm", "cpus", "kernel %", "user %").left(2).left(3);
    for (ProcessUse u : r.processes()) {
      p.row(u.role(), u.pid(), u.comm(), u.cpus().toString(), Figures.one(u.kernelPercent()),
          Figures.one(u.userPercent()));
    }
    p.print(out, "  ");
    if (!r.perCore().isEmpty()) {
      out.println();
      out.println("Cores");
      Table c = new Table("cpu", "user %", "system %", "idle %");
      for (CoreUse u : r.perCore()) {
        c.row(u.cpu(), Figures.one(u.userPercent()), Figures.one(u.systemPercent()),
            Figures.one(u.idlePercent()));
      }
      c.print(out, "  ");
    }
    if (r.window() != null) {
      var w = r.window();
      out.println();
      out.println(String.format(Locale.ROOT, "Pattern sample (strace, %.2f s, %d cases, %s"
          + " cases/s while traced)", w.seconds(), w.cases(),
          w.casesPerSecond() == null ? "-" : Figures.rate(w.casesPerSecond())));
      if (!w.signature().isEmpty()) {
        out.println("  per case: " + String.join(" ", w.signature()));
      }
      w.examples().forEach(e -> out.println("  e.g. " + e));
      if (r.observerSlowdown() != null) {
        out.println(String.format(Locale.ROOT, "  the sample slowed the target %.1fx; the"
            + " counted figures above were taken without it", r.observerSlowdown()));
      }
    }
    if (!r.missing().isEmpty()) {
      out.println();
      out.println("Missing");
      r.missing().forEach(m -> out.println("  " + m));
    }
    out.println();
    out.println("Findings");
    if (r.findings().isEmpty()) {
      out.println("  none");
    }
    for (Finding f : r.findings()) {
      out.println("  [" + f.severity() + "] " + f.id() + ": " + f.message());
      out.println("      fix: " + f.fix());
    }
  }

  private static String pct(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.1f%%", v);
  }
}
