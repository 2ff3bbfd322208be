package dev.fuzzprof.service.attach;

import dev.fuzzprof.acquire.InstanceFiles;
import dev.fuzzprof.acquire.libfuzzer.LibFuzzerLogs;
import dev.fuzzprof.acquire.perf.UprobeCounter;
import dev.fuzzprof.acquire.proc.FuzzerProcesses;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.analyze.Engine;
import dev.fuzzprof.analyze.attach.AttachReport;
import dev.fuzzprof.analyze.attach.LibFuzzerAnalyzer;
import dev.fuzzprof.parse.libfuzzer.LibFuzzerLog;
import dev.fuzzprof.parse.libfuzzer.LibFuzzerLogParser;
import dev.fuzzprof.parse.proc.PidStat;
import dev.fuzzprof.parse.proc.ProcStat;
import dev.fuzzprof.parse.proc.ProcessMoment;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.service.SystemFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * attach on an in-process fuzzer (libFuzzer): a uprobe counts LLVMFuzzerTestOneInput for a
 * short window at the start (each hit traps into the kernel, so the window is short and its
 * cost is reported), /proc gives the CPU over the whole duration, and the log (its stderr when
 * that is a file, or --log) gives libFuzzer's own exec/s as the cross-check. Without root the
 * log's figure is what there is, and the report says why.
 */
final class LibFuzzerAttach {
  private final ProcFs proc;
  private final BooleanSupplier interrupted;

  LibFuzzerAttach(ProcFs proc, BooleanSupplier interrupted) {
    this.proc = proc;
    this.interrupted = interrupted;
  }

  /** A libFuzzer binary that afl-fuzz does not run (an AFL harness built with libFuzzer is AFL's). */
  static boolean applies(ProcFs proc, int pid) {
    FuzzerProcesses fp = new FuzzerProcesses(proc);
    if (!proc.exists(pid)) {
      return false;
    }
    if (fp.jazzerDriver(pid).isPresent()) {
      return true;
    }
    if (!fp.isLibFuzzer(pid)) {
      return false;
    }
    int up = pid;
    for (int k = 0; k < 3; k++) {
      Optional<PidStat> s = proc.pidStat(up);
      if (s.isEmpty() || s.get().ppid() <= 1) {
        break;
      }
      up = s.get().ppid();
      if (fp.isAflFuzz(up)) {
        return false;
      }
    }
    return true;
  }

  AttachReport attach(LiveAttach.Options o) {
    int pid = o.pid();
    List<String> argv = proc.cmdline(pid);
    if (argv.stream().anyMatch(a -> a.startsWith("-jobs=") || a.startsWith("-fork="))) {
      List<Integer> kids = proc.descendants(pid).stream()
          .filter(k -> proc.comm(k).map(c -> !c.equals("sh")).orElse(false)).toList();
      throw FuzzprofException.data("pid " + pid + " is libFuzzer's -jobs/-fork controller: it"
          + " runs no input itself; attach to one of its jobs" + (kids.isEmpty() ? ""
              : " (pids " + kids + ")") + ", or see them all with fuzzprof scaling-report DIR");
    }
    List<String> missing = new ArrayList<>();
    Path logPath = o.log() != null ? o.log() : proc.fdTarget(pid, 2)
        .filter(p -> p.isAbsolute() && Files.isRegularFile(p)).orElse(null);
    String comm = proc.comm(pid).orElse("?");
    Optional<Path> jazzer = new FuzzerProcesses(proc).jazzerDriver(pid);
    Engine engine = jazzer.isPresent() ? Engine.JAZZER : Engine.LIBFUZZER;
    // the uprobe goes where each input is run: libFuzzer's entry point in the binary, or the
    // callback Jazzer's driver library gives libFuzzer
    Path exe = jazzer.isPresent() ? jazzer.get() : proc.exe(pid).orElseThrow(() ->
        FuzzprofException.data("cannot read /proc/" + pid + "/exe"));
    String function = jazzer.isPresent() ? UprobeCounter.JAZZER_ENTRY
        : UprobeCounter.LIBFUZZER_ENTRY;
    ProcStat cpuStart = proc.stat().orElse(null);
    double up0 = proc.uptime().orElse(Double.NaN);
    List<ProcessMoment> before = proc.tree(pid);
    Long calls = null;
    double countSeconds = 0;
    List<ProcessMoment> windowEnd = List.of();
    double windowSpan = 0;
    Optional<String> noPerf = SystemFacts.whyNoPerf();
    if (noPerf.isPresent()) {
      missing.add("inputs not counted (" + noPerf.get() + "): the log's exec/s is the figure");
    } else {
      try {
        UprobeCounter.Count c = UprobeCounter.count(exe, function, List.of(pid),
            o.windowSeconds());
        calls = c.calls();
        countSeconds = c.seconds();
        windowEnd = proc.tree(pid);
        windowSpan = proc.uptime().orElse(up0) - up0;
      } catch (FuzzprofException e) {
        if (e.kind() == FuzzprofException.Kind.INTERRUPTED) {
          // Ctrl-C or SIGTERM during the count: the count is lost, the /proc figures stand
          Thread.interrupted();
          missing.add("interrupted while the uprobe counted: inputs not counted");
        } else {
          missing.add("inputs not counted: " + e.getMessage());
        }
      }
    }
    double rest = o.durationSeconds() - (proc.uptime().orElse(up0) - up0);
    if (rest > 0 && !interrupted.getAsBoolean()) {
      try {
        Thread.sleep((long) (rest * 1000));
      } catch (InterruptedException e) {
        missing.add("interrupted: /proc read over a shorter window");
      }
    }
    List<ProcessMoment> after = proc.tree(pid);
    ProcStat cpuEnd = proc.stat().orElse(null);
    double seconds = proc.uptime().orElse(Double.NaN) - up0;
    if (after.isEmpty()) {
      missing.add("the target (pid " + pid + ") exited during the attach");
    }
    LibFuzzerLog log = null;
    if (logPath != null) {
      InstanceFiles f = LibFuzzerLogs.readLog(logPath);
      if (f != null && dev.fuzzprof.parse.libfuzzer.LibFuzzerLogParser.looksLikeLibFuzzer(f.libFuzzerLog())) {
        log = LibFuzzerLogParser.parse(f.libFuzzerLog());
      } else {
        missing.add(logPath + " is not a libFuzzer log (no seed or status line)");
        logPath = null;
      }
    } else {
      missing.add("no log: its stderr is not a file (give --log FILE when it is redirected)");
    }
    List<Integer> cpus = after.isEmpty() || after.get(0).status() == null ? List.of()
        : after.get(0).status().cpusAllowed();
    return LibFuzzerAnalyzer.analyze(new LibFuzzerAnalyzer.Measurements(engine, function, pid,
        comm,
        Double.isNaN(seconds) ? o.durationSeconds() : seconds, calls, countSeconds, before,
        windowEnd, windowSpan, after, cpuStart, cpuEnd, SystemFacts.userHz(), cpus, log,
        logPath == null ? null : logPath.toString(), missing));
  }
}
