package dev.fuzzprof.parse.proc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A kernel CPU list such as {@code 0-3,8,10-11} (Cpus_allowed_list, /sys/.../online,
 * thread_siblings_list). Pure: text in, sorted CPU numbers out.
 */
public final class CpuListParser {
  /** Far more CPUs than any machine has: a range beyond it is garbage, not a CPU list. */
  static final int MAX_CPU = 1 << 16;

  private CpuListParser() {}

  /** The CPUs in the list, ascending; empty when the text is not a CPU list. */
  public static Optional<List<Integer>> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    List<Integer> cpus = new ArrayList<>();
    if (t.isEmpty()) {
      return Optional.of(cpus);
    }
    for (String part : t.split(",")) {
      String p = part.strip();
      int dash = p.indexOf('-');
      try {
        int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash));
        int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1));
        if (from < 0 || to < from || to > MAX_CPU) {
          return Optional.empty();
        }
        for (int c = from; c <= to; c++) {
          cpus.add(c);
        }
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    cpus.sort(null);
    return Optional.of(List.copyOf(cpus.stream().distinct().toList()));
  }

  /** The inverse: {@code [0,1,2,3,8]} gives {@code 0-3,8}. */
  public static String format(List<Integer> cpus) {
    StringBuilder sb = new StringBuilder();
    List<Integer> sorted = cpus.stream().sorted().distinct().toList();
    for (int i = 0; i < sorted.size(); ) {
      int j = i;
      while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
        j++;
      }
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(sorted.get(i));
      if (j > i) {
        sb.append('-').append(sorted.get(j));
      }
      i = j + 1;
    }
    return sb.toString();
  }
}
