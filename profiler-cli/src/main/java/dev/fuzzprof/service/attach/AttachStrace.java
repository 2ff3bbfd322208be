package dev.fuzzprof.service.attach;

import dev.fuzzprof.acquire.TraceFile;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.acquire.proc.ProcessRoles;
import dev.fuzzprof.acquire.proc.ProcessRoles.Campaign;
import dev.fuzzprof.acquire.strace.StraceWindow;
import dev.fuzzprof.analyze.trace.TraceAnalyzer;
import dev.fuzzprof.analyze.trace.TraceReport;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 3 of attach: a short strace sample of the target, analyzed exactly as analyze would. A
 * persistent child may be replaced at any moment (__AFL_LOOP(N)), so the fork server is traced
 * too, with -f, and the sample follows into its next child; strace -f follows only children
 * forked after it attached, so the current child is read at the last moment and given too, and
 * the window is tried again (at most six times) when that child was already gone.
 *
 * @param seconds how long the window that caught the cases was attached
 */
record AttachStrace(TraceReport report, double seconds) {
  /**
   * Under __AFL_LOOP(1000) at 15,000 cases/s a child lives ~70 ms, about what starting strace
   * takes on a busy box: a try misses the child about half the time (3 tries failed 1 live run
   * in 6), so it tries up to 6 times; each miss costs one short window on the server alone.
   */
  static final int TRIES = 6;

  /** The sample, or null when no try caught a whole case (the reason is in missing). */
  static AttachStrace take(ProcFs proc, AttachTarget t, boolean persistent, int windowCases,
      double windowSeconds, List<String> missing) {
    ProcessRoles roles = new ProcessRoles(proc);
    Campaign c = t.campaign();
    for (int attempt = 0; attempt < TRIES && !Thread.currentThread().isInterrupted();
        attempt++) {
      List<Integer> traced = new ArrayList<>();
      if (t.server() > 0) {
        traced.add(t.server());
        Campaign latest = roles.refresh(new Campaign(c.given(), c.fuzzer(), t.server(), -1,
            c.comm()));
        if (persistent && latest.target() > 0 && latest.target() != t.server()) {
          traced.add(latest.target());
        }
      } else {
        traced.add(t.target());
      }
      missing.removeIf(m -> m.startsWith("the strace sample caught no whole case")
          || m.startsWith("the strace window caught nothing"));
      AttachStrace s = once(traced, windowCases, windowSeconds, missing);
      if (s != null || t.server() <= 0 || !persistent) {
        return s;
      }
    }
    return null;
  }


  /** One strace window on {@code traced}; null when it caught no whole case. */
  private static AttachStrace once(List<Integer> traced, int windowCases, double windowSeconds,
      List<String> missing) {
    try {
      Path file = Files.createTempFile("fuzzprof-window-", ".strace");
      try {
        StraceWindow.Result w = StraceWindow.run(traced, windowCases, windowSeconds, file);
        TraceAnalyzer analyzer = new TraceAnalyzer();
        TraceFile.Result read = TraceFile.read(file.toString(), null, analyzer,
            TraceAnalyzer.ARGS_NEEDED);
        if (read.stats().events() == 0) {
          missing.add("the strace window caught nothing");
          return null;
        }
        TraceReport r = analyzer.finish(read.stats(), "strace");
        if (r.cases() == 0) {
          missing.add("the strace sample caught no whole case (" + read.stats().events()
              + " events); the counted figures stand");
          return null;
        }
        return new AttachStrace(r, w.seconds());
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (FuzzprofException | IOException e) {
      missing.add("no pattern sample: " + e.getMessage());
      return null;
    }
  }
}
