package dev.fuzzprof.analyze.scaling;

import dev.fuzzprof.analyze.scaling.ScalingInput.Task;
import dev.fuzzprof.parse.proc.CpuTicks;
import dev.fuzzprof.parse.proc.PidStat;
import dev.fuzzprof.parse.proc.PidStatParser;
import dev.fuzzprof.parse.proc.PidStatus;
import dev.fuzzprof.parse.proc.PidStatusParser;
import dev.fuzzprof.parse.proc.ProcStat;
import dev.fuzzprof.parse.proc.Schedstat;
import dev.fuzzprof.parse.proc.SchedstatParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds analyzer input from captured /proc text, changed where a test needs it. */
final class Campaigns {
  static final PidStat AFL_STAT = PidStatParser.parse(text("pid-stat-afl-fuzz.txt")).orElseThrow();
  static final PidStatus AFL_STATUS = PidStatusParser.parse(text("pid-status-afl-fuzz.txt"));
  static final Schedstat AFL_SCHED =
      SchedstatParser.parse(text("pid-schedstat-afl-fuzz.txt")).orElseThrow();

  private Campaigns() {}

  static String text(String name) {
    try (InputStream in = Campaigns.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** afl-fuzz as captured, with another pid, CPU mask, and ticks used so far. */
  static Task aflFuzz(int pid, List<Integer> cpus, long utime, long stime) {
    return aflFuzz(pid, cpus, utime, stime, 0);
  }

  static Task aflFuzz(int pid, List<Integer> cpus, long utime, long stime, long waitNs) {
    PidStat s = AFL_STAT;
    return new Task(new PidStat(pid, s.comm(), s.state(), s.ppid(), utime, stime, 0, 0,
        s.startTime(), cpus.get(0)),
        new PidStatus(AFL_STATUS.name(), AFL_STATUS.state(), AFL_STATUS.ppid(), 0, cpus,
            AFL_STATUS.voluntaryCtxtSwitches(), AFL_STATUS.nonvoluntaryCtxtSwitches()),
        new Schedstat(AFL_SCHED.runNanos(), AFL_SCHED.waitNanos() + waitNs, AFL_SCHED.slices()));
  }

  /** /proc/stat over {@code seconds} at 100 Hz, each CPU {@code busy[cpu]} non-idle (0-1). */
  static ProcStat[] procStat(double seconds, double kernelShare, double... busy) {
    List<CpuTicks> a = new ArrayList<>();
    List<CpuTicks> b = new ArrayList<>();
    long ua = 0;
    long sa = 0;
    long ia = 0;
    for (int c = 0; c < busy.length; c++) {
      long total = Math.round(100 * seconds);
      long nonIdle = Math.round(total * busy[c]);
      long sys = Math.round(nonIdle * kernelShare);
      a.add(new CpuTicks(c, 1000, 0, 1000, 1000, 0, 0, 0, 0));
      b.add(new CpuTicks(c, 1000 + nonIdle - sys, 0, 1000 + sys, 1000 + total - nonIdle, 0, 0, 0,
          0));
      ua += nonIdle - sys;
      sa += sys;
      ia += total - nonIdle;
    }
    int n = busy.length;
    return new ProcStat[] {
        new ProcStat(new CpuTicks(-1, 1000L * n, 0, 1000L * n, 1000L * n, 0, 0, 0, 0), a, List.of()),
        new ProcStat(new CpuTicks(-1, 1000L * n + ua, 0, 1000L * n + sa, 1000L * n + ia, 0, 0, 0, 0),
            b, List.of())};
  }
}
