package dev.fuzzprof.parse.proc;

import java.util.ArrayList;
import java.util.List;

/** /proc/stat: the {@code cpu} and {@code cpuN} tick lines. Pure; other lines are ignored. */
public final class ProcStatParser {
  private ProcStatParser() {}

  public static ProcStat parse(String text) {
    CpuTicks all = null;
    List<CpuTicks> per = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.startsWith("cpu")) {
        continue;
      }
      String[] f = line.trim().split("\\s+");
      int cpu;
      if (f[0].equals("cpu")) {
        cpu = -1;
      } else {
        try {
          cpu = Integer.parseInt(f[0].substring(3));
        } catch (NumberFormatException e) {
          warnings.add("/proc/stat: not a cpu line: " + line);
          continue;
        }
      }
      long[] v = new long[8];
      boolean ok = f.length >= 5;
      for (int i = 0; ok && i < 8 && i + 1 < f.length; i++) {
        try {
          v[i] = Long.parseLong(f[i + 1]);
        } catch (NumberFormatException e) {
          ok = false;
        }
      }
      if (!ok) {
        warnings.add("/proc/stat: unreadable cpu line: " + line);
        continue;
      }
      CpuTicks t = new CpuTicks(cpu, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
      if (cpu < 0) {
        all = t;
      } else {
        per.add(t);
      }
    }
    if (all == null) {
      warnings.add("/proc/stat: no machine-wide cpu line");
    }
    return new ProcStat(all, List.copyOf(per), List.copyOf(warnings));
  }
}
