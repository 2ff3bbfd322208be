package dev.fuzzprof.parse.afl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code fuzzer_stats} of AFL++ 4.x and AFL 2.5x: {@code name : value} lines. Pure and lenient:
 * a missing field is null, a garbled one is null plus a warning; it never throws on content.
 */
public final class FuzzerStatsParser {
  private FuzzerStatsParser() {}

  public static FuzzerStats parse(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();
    int garbled = 0;
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        garbled++;
        continue;
      }
      fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
    }
    if (garbled > 0) {
      warnings.add(garbled + " line(s) are not 'name : value'");
    }
    Fields f = new Fields(fields, warnings);
    Long start = f.whole("start_time");
    Long last = f.whole("last_update");
    Long run = f.whole("run_time");
    if (run == null && start != null && last != null && last >= start && start > 0) {
      run = last - start;
    }
    Long execs = f.whole("execs_done");
    Double eps = f.decimal("execs_per_sec");
    if (eps == null && execs != null && run != null && run > 0) {
      eps = execs / (double) run;
    }
    Long pid = f.whole("fuzzer_pid");
    Long aff = f.whole("cpu_affinity");
    return new FuzzerStats(start, last, run, pid == null ? null : pid.intValue(),
        f.whole("cycles_done"), execs, eps, f.decimal("execs_ps_last_min"),
        f.whole("corpus_count", "paths_total"), f.whole("corpus_found", "paths_found"),
        f.decimal("stability"), f.decimal("bitmap_cvg"),
        f.whole("saved_crashes", "unique_crashes"), f.whole("saved_hangs", "unique_hangs"),
        f.whole("edges_found"), f.whole("total_edges"),
        aff == null ? null : aff.intValue(), fields.get("afl_version"),
        fields.get("target_mode"), fields.get("command_line"),
        Map.copyOf(fields), List.copyOf(warnings));
  }

  private record Fields(Map<String, String> map, List<String> warnings) {
    Long whole(String... names) {
      for (String n : names) {
        String v = map.get(n);
        if (v == null) {
          continue;
        }
        try {
          return Long.parseLong(v);
        } catch (NumberFormatException e) {
          warnings.add(n + " is not a whole number: '" + v + "'");
          return null;
        }
      }
      return null;
    }

    Double decimal(String name) {
      String v = map.get(name);
      if (v == null) {
        return null;
      }
      String t = v.endsWith("%") ? v.substring(0, v.length() - 1) : v;
      if (t.equals("inf") || t.equals("-nan") || t.equals("nan") || t.equals("-inf")) {
        return null; // AFL++ writes these before it has measured anything (run_time 0)
      }
      try {
        double d = Double.parseDouble(t);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new NumberFormatException();
        }
        return d;
      } catch (NumberFormatException e) {
        warnings.add(name + " is not a number: '" + v + "'");
        return null;
      }
    }
  }
}
