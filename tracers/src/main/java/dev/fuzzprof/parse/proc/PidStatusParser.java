package dev.fuzzprof.parse.proc;

import java.util.List;

/** /proc/PID/status: {@code Key:\tvalue} lines. Pure; unknown or garbled lines are skipped. */
public final class PidStatusParser {
  private PidStatusParser() {}

  public static PidStatus parse(String text) {
    String name = "";
    String state = "";
    int ppid = -1;
    int tracer = -1;
    List<Integer> cpus = List.of();
    long vol = -1;
    long nonvol = -1;
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 1).strip();
      switch (key) {
        case "Name" -> name = value;
        case "State" -> state = value;
        case "PPid" -> ppid = (int) number(value);
        case "TracerPid" -> tracer = (int) number(value);
        case "Cpus_allowed_list" -> cpus = CpuListParser.parse(value).orElse(List.of());
        case "voluntary_ctxt_switches" -> vol = number(value);
        case "nonvoluntary_ctxt_switches" -> nonvol = number(value);
        default -> { }
      }
    }
    return new PidStatus(name, state, ppid, tracer, cpus, vol, nonvol);
  }

  private static long number(String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
