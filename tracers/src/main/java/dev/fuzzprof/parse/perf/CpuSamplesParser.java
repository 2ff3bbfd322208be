package dev.fuzzprof.parse.perf;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code perf script -F comm,pid,cpu,ip} output, one sample a line:
 * {@code COMM PID [CPU] IP}. The command name may hold spaces, so a line is read from its end. A
 * sample is in the kernel when its instruction pointer lies in the upper half of the x86_64
 * address space (kernel addresses start at 0xffff800000000000). Pure; lines that do not fit are
 * skipped.
 */
public final class CpuSamplesParser {
  private CpuSamplesParser() {}

  public static List<CpuSample> parse(String text) {
    List<CpuSample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      int sp = l.lastIndexOf(' ');
      if (sp < 0) {
        continue;
      }
      String ip = l.substring(sp + 1);
      String rest = l.substring(0, sp).stripTrailing();
      int open = rest.lastIndexOf('[');
      int close = rest.lastIndexOf(']');
      if (open < 0 || close < open) {
        continue;
      }
      String head = rest.substring(0, open).stripTrailing();
      int sp2 = head.lastIndexOf(' ');
      if (sp2 < 0) {
        continue;
      }
      try {
        int cpu = Integer.parseInt(rest.substring(open + 1, close).strip());
        int pid = Integer.parseInt(head.substring(sp2 + 1));
        String comm = head.substring(0, sp2).strip();
        boolean kernel = ip.length() == 16 && Character.digit(ip.charAt(0), 16) >= 8;
        out.add(new CpuSample(comm, pid, cpu, kernel, 1));
      } catch (NumberFormatException e) {
        // not a sample line
      }
    }
    return out;
  }
}
