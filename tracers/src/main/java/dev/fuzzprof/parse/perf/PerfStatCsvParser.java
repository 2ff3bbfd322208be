package dev.fuzzprof.parse.perf;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code perf stat -x,} output (CSV, one counter a line:
 * {@code value,unit,event,run-time-ns,percent,...}). Pure: text in, counts out, in the order the
 * events were given on the command line (the same event may appear several times with different
 * filters, so order, not name, identifies a counter). Comment lines ({@code # started on ...})
 * and blank lines are skipped; {@code <not counted>} and {@code <not supported>} become a count
 * that is not available, never an error.
 */
public final class PerfStatCsvParser {
  private PerfStatCsvParser() {}

  /**
   * @param event the event as perf names it ({@code raw_syscalls:sys_enter})
   * @param value the count, or -1 when perf could not count it
   * @param status {@code counted}, or what perf printed instead of a value
   * @param runNanos how long the counter was enabled, summed over the CPUs it was opened on
   *     (-1 if not printed)
   */
  public record PerfCount(String event, long value, String status, long runNanos) {
    public boolean counted() {
      return value >= 0;
    }
  }

  public static List<PerfCount> parse(String text) {
    List<PerfCount> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] f = l.split(",", -1);
      if (f.length < 3 || f[2].isEmpty()) {
        continue;
      }
      String v = f[0].strip();
      long value;
      String status;
      if (v.startsWith("<")) {
        value = -1;
        status = v.replace("<", "").replace(">", "");
      } else {
        try {
          value = Long.parseLong(v);
          status = "counted";
        } catch (NumberFormatException e) {
          try {
            value = Math.round(Double.parseDouble(v));
            status = "counted";
          } catch (NumberFormatException e2) {
            continue;
          }
        }
      }
      long run = -1;
      if (f.length > 3) {
        try {
          run = Long.parseLong(f[3].strip());
        } catch (NumberFormatException e) {
          run = -1;
        }
      }
      out.add(new PerfCount(f[2].strip(), value, status, run));
    }
    return out;
  }
}
