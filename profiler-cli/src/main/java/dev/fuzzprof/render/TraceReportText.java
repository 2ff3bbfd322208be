package dev.fuzzprof.render;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.Mode;
import dev.fuzzprof.analyze.trace.TraceReport;
import dev.fuzzprof.analyze.trace.TraceReport.ProcessGroup;
import dev.fuzzprof.analyze.trace.TraceReport.SyscallStat;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code fuzzprof analyze} for people: summary, signature, per-syscall table, findings. */
public final class TraceReportText {
  private static final int MAX_ROWS = 25;

  private TraceReportText() {}

  public static void write(PrintWriter out, String source, TraceReport r) {
    out.println("fuzzprof analyze: " + source + " (" + r.input().format() + ", "
        + Figures.count(r.input().lines()) + " lines)");
    out.println();
    out.println("  mode           " + r.mode() + "  " + modeNote(r.mode()));
    out.println("  cases          " + Figures.count(r.cases())
        + " whole cases (a partial first and last case are not counted)");
    if (r.cases() > 0) {
      var d = r.caseLength();
      out.println(String.format(Locale.ROOT,
          "  syscalls/case  %.1f mean, %d median, %d p99 (min %d, max %d)",
          r.syscallsPerCase(), d.median(), d.p99(), d.min(), d.max()));
    }
    if (r.kernelMicrosPerCase() != null) {
      out.println(String.format(Locale.ROOT,
          "  kernel/case    %.1f us inside syscalls (as timed by the tracer, which adds its own)",
          r.kernelMicrosPerCase()));
    }
    if (r.casesPerSecond() != null) {
      out.println("  cases/s        " + Figures.rate(r.casesPerSecond()) + " over "
          + seconds(r.tracedSeconds()) + ", while traced (tracing slows the target: run `fuzzprof attach` for the real rate)");
    }
    if (r.input().partial()) {
      out.println("  input          PARTIAL: " + Figures.count(r.input().skippedLines())
          + " lines skipped" + (r.input().endsMidLine() ? ", ends mid-line" : ""));
    }
    if (!r.signature().calls().isEmpty()) {
      out.println();
      out.println("Per-case sequence (" + Figures.percent(r.signature().share()) + " of cases; "
          + r.signature().distinct() + " distinct sequence"
          + (r.signature().distinct() == 1 ? "" : "s") + ")");
      out.println("  " + String.join(" ", r.signature().calls()));
    }
    out.println();
    out.println("Syscalls");
    Table t = new Table("syscall", "calls", "errors", "per case", "kernel us", "example").left(5);
    int shown = 0;
    for (SyscallStat s : r.perSyscall()) {
      if (shown++ == MAX_ROWS) {
        break;
      }
      t.row(s.name(), Figures.count(s.calls()), Figures.count(s.errors()), Figures.one(s.perCase()),
          s.kernelMicros() == null ? null : Figures.count(s.kernelMicros()),
          s.example() == null ? "" : shorten(s.example(), 60));
    }
    t.print(out, "  ");
    if (r.perSyscall().size() > MAX_ROWS) {
      out.println("  ... " + (r.perSyscall().size() - MAX_ROWS) + " more (--format json lists all)");
    }
    if (!r.processes().isEmpty()) {
      out.println();
      out.println("Processes");
      Table p = new Table("role", "pids", "syscalls", "per case", "e.g.").left(4);
      for (ProcessGroup g : r.processes()) {
        p.row(g.role(), g.pids(), Figures.count(g.syscalls()), Figures.one(g.perCase()),
            g.examplePids().stream().map(String::valueOf).collect(Collectors.joining(" ")));
      }
      p.print(out, "  ");
    }
    out.println();
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

  private static String modeNote(Mode mode) {
    return switch (mode) {
      case PERSISTENT -> "(one process loops over cases and stops itself with SIGSTOP after each)";
      case SHMEM -> "(persistent, and no input is read per case: shared-memory test cases)";
      case FORKSERVER -> "(a new process is forked for every case)";
      case EXEC -> "(every case execs the target anew)";
      case PLAIN -> "(no fork server and no self-stop seen)";
      case UNKNOWN -> "(no repeating case found)";
      case LIBFUZZER -> "(in-process: libFuzzer runs every input in one process)";
    };
  }

  private static String seconds(double s) {
    return s < 1 ? String.format(Locale.ROOT, "%.1f ms", s * 1000)
        : String.format(Locale.ROOT, "%.2f s", s);
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
