package dev.fuzzprof.parse.libfuzzer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A libFuzzer log: status lines ({@code #4096 pulse cov: 12 ft: 19 corp: 6/1086b ...}, or in
 * -fork mode {@code #9: cov: 12 ft: 19 corp: 6 exec/s: 3 oom/timeout/crash: 0/0/1 time: 5s}),
 * {@code Done N runs in S second(s)}, {@code Test unit written to ./crash-...}. Pure; lines it
 * does not know are skipped.
 */
public final class LibFuzzerLogParser {
  private static final Pattern STATUS = Pattern.compile("^#(\\d+):?\\s.*\\bcov: (\\d+)");
  private static final Pattern CORP = Pattern.compile("\\bcorp: (\\d+)");
  private static final Pattern FORK_TIME = Pattern.compile("\\btime: (\\d+)s");
  private static final Pattern FORK_CRASH = Pattern.compile("oom/timeout/crash: \\d+/\\d+/(\\d+)");
  private static final Pattern DONE = Pattern.compile("^Done (\\d+) runs in (\\d+) second");
  private static final Pattern SEED = Pattern.compile("^INFO: Seed: (\\d+)");
  private static final Pattern WRITTEN = Pattern.compile("Test unit written to \\S*?(crash|leak)-");

  private LibFuzzerLogParser() {}

  /** Whether {@code text} looks like libFuzzer's output at all (a status line or its INFO lines). */
  public static boolean looksLikeLibFuzzer(String text) {
    return text.contains("INFO: Seed: ") || text.lines().anyMatch(l -> STATUS.matcher(l).find());
  }

  public static LibFuzzerLog parse(String text) {
    Long cov = null;
    Long corpus = null;
    Long runs = null;
    Long seconds = null;
    Long seed = null;
    int written = 0;
    Integer forkCrashes = null;
    int status = 0;
    List<String> warnings = new ArrayList<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      Matcher m = STATUS.matcher(l);
      if (m.find()) {
        status++;
        runs = Long.parseLong(m.group(1));
        cov = Long.parseLong(m.group(2));
        Matcher c = CORP.matcher(l);
        if (c.find()) {
          corpus = Long.parseLong(c.group(1));
        }
        Matcher t = FORK_TIME.matcher(l);
        if (t.find()) {
          seconds = Long.parseLong(t.group(1));
        }
        Matcher k = FORK_CRASH.matcher(l);
        if (k.find()) {
          forkCrashes = Integer.parseInt(k.group(1));
        }
        continue;
      }
      if ((m = DONE.matcher(l)).find()) {
        runs = Long.parseLong(m.group(1));
        seconds = Long.parseLong(m.group(2));
      } else if ((m = SEED.matcher(l)).find()) {
        seed = Long.parseLong(m.group(1));
      } else if (WRITTEN.matcher(l).find()) {
        written++;
      }
    }
    if (status == 0) {
      warnings.add("no libFuzzer status line (#N ... cov: ...)");
    }
    if (seconds == null) {
      warnings.add("no 'Done N runs in S second(s)' line: the run's length is unknown");
    }
    return new LibFuzzerLog(cov, corpus, runs, seconds,
        forkCrashes != null ? Math.max(forkCrashes, written) : written, seed, status, warnings);
  }
}
