package dev.fuzzprof.parse.libfuzzer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a libFuzzer log. The lines it uses:
 * <pre>
 * INFO: Seed: 3777417767
 * #943386	REDUCE cov: 8 ft: 23 corp: 16/1477b lim: 4096 exec/s: 52410 rss: 30Mb L: 179/180 MS: ...
 * #1048576	pulse  cov: 8 ft: 23 corp: 16/1475b lim: 4096 exec/s: 52342 rss: 30Mb
 * #156212: cov: 7 ft: 7 corp: 1 exec/s 78106 oom/timeout/crash: 0/0/0 time: 2s job: 1 ...
 * Slowest unit: 2 s:
 * Done 100000 runs in 2 second(s)
 * ==27253== libFuzzer: run interrupted; exiting
 * ==4242== ERROR: libFuzzer: deadly signal
 * </pre>
 * Pure: text in, record out; an unreadable status line is skipped and counted as a warning.
 */
public final class LibFuzzerLogParser {
  private LibFuzzerLogParser() {}

  private static final java.util.regex.Pattern FORK_TIME =
      java.util.regex.Pattern.compile("\\btime: (\\d+)s");
  private static final java.util.regex.Pattern FORK_CRASH =
      java.util.regex.Pattern.compile("oom/timeout/crash: (\\d+)/(\\d+)/(\\d+)");
  private static final java.util.regex.Pattern STATUS =
      java.util.regex.Pattern.compile("^#\\d+:?\\s+[A-Za-z]");

  /** Whether text is a libFuzzer log: its seed line, or a {@code #N EVENT} status line. */
  public static boolean looksLikeLibFuzzer(String text) {
    return text != null && (text.contains("INFO: Seed: ")
        || text.lines().anyMatch(l -> STATUS.matcher(l).find()));
  }

  public static LibFuzzerLog parse(String text) {
    Long seed = null;
    Long runs = null;
    Long cov = null;
    Long ft = null;
    Long units = null;
    Long bytes = null;
    Long execs = null;
    Long rss = null;
    String event = null;
    Long doneRuns = null;
    Long doneSeconds = null;
    String ended = null;
    String crash = null;
    Double slowest = null;
    long lines = 0;
    Long forkSeconds = null;
    int written = 0;
    Integer forkFindings = null;
    List<String> warnings = new ArrayList<>();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      // status lines start the line; "    #0 0x..." is a frame of a crash's stack
      if (raw.startsWith("#") && !raw.startsWith("##")) {
        Status s = status(line);
        if (s == null) {
          if (warnings.size() < 5) {
            warnings.add("not a status line: " + cut(line));
          }
          continue;
        }
        lines++;
        if ("fork".equals(s.event)) {
          java.util.regex.Matcher t = FORK_TIME.matcher(line);
          if (t.find()) {
            forkSeconds = Long.parseLong(t.group(1));
          }
          java.util.regex.Matcher c = FORK_CRASH.matcher(line);
          if (c.find()) {
            forkFindings = Integer.parseInt(c.group(1)) + Integer.parseInt(c.group(2))
                + Integer.parseInt(c.group(3));
          }
        }
        runs = s.runs;
        event = s.event;
        cov = s.cov != null ? s.cov : cov;
        ft = s.ft != null ? s.ft : ft;
        units = s.units != null ? s.units : units;
        bytes = s.bytes != null ? s.bytes : bytes;
        execs = s.execs != null ? s.execs : execs;
        rss = s.rss != null ? s.rss : rss;
      } else if (line.startsWith("INFO: Seed:")) {
        seed = number(line.substring("INFO: Seed:".length()).strip());
      } else if (line.startsWith("Done ") && line.contains(" runs in ")) {
        String[] w = line.split("\\s+");
        doneRuns = w.length > 1 ? number(w[1]) : null;
        doneSeconds = w.length > 4 ? number(w[4]) : null;
        if (ended == null) {
          ended = "done";
        }
      } else if (line.startsWith("Slowest unit:")) {
        String[] w = line.substring("Slowest unit:".length()).strip().split("\\s+");
        Long s = w.length > 0 ? number(w[0]) : null;
        if (s != null && (slowest == null || s > slowest)) {
          slowest = s.doubleValue();
        }
      } else if (line.contains("Test unit written to ")) {
        String to = line.substring(line.indexOf("Test unit written to ") + 21);
        String file = to.substring(to.lastIndexOf('/') + 1);
        if (file.startsWith("crash-") || file.startsWith("leak-") || file.startsWith("timeout-")
            || file.startsWith("oom-")) {
          written++;
        }
      } else if (line.startsWith("INFO: exiting:") && ended == null) {
        ended = "done"; // -fork's parent: its jobs are over
      } else if (line.contains("libFuzzer: run interrupted")) {
        ended = "interrupted";
      } else if (crash == null && isCrash(line)) {
        crash = cut(line.replaceFirst("^==\\d+==\\s*", ""));
        ended = "crash";
      }
    }
    return new LibFuzzerLog(seed, runs, cov, ft, units, bytes, execs, rss, event,
        doneRuns != null ? doneRuns : null, doneSeconds, ended, crash, slowest, lines, warnings,
        forkSeconds, forkFindings != null ? Math.max(forkFindings, written) : written);
  }

  private static boolean isCrash(String line) {
    String l = line.toLowerCase(Locale.ROOT);
    return (line.startsWith("==") && (l.contains("error: libfuzzer") || l.contains("error:")
        && l.contains("sanitizer"))) || l.startsWith("error: libfuzzer");
  }

  /** One {@code #N EVENT key: value ...} line. */
  private record Status(long runs, String event, Long cov, Long ft, Long units, Long bytes,
      Long execs, Long rss) {}

  private static Status status(String line) {
    String[] w = line.split("\\s+");
    // -fork=N's parent: "#156212: cov: 7 ft: 7 corp: 1 exec/s 78106 oom/timeout/crash: ..."
    boolean fork = w[0].endsWith(":");
    Long runs = number(fork ? w[0].substring(1, w[0].length() - 1) : w[0].substring(1));
    if (runs == null || w.length < 2
        || !fork && !w[1].chars().allMatch(Character::isLetter)) {
      return null;
    }
    Long cov = null;
    Long ft = null;
    Long units = null;
    Long bytes = null;
    Long execs = null;
    Long rss = null;
    for (int k = fork ? 1 : 2; k + 1 < w.length; k++) {
      String v = w[k + 1];
      switch (w[k]) {
        case "cov:" -> cov = number(v);
        case "ft:" -> ft = number(v);
        case "corp:" -> {
          int slash = v.indexOf('/');
          if (slash > 0) {
            units = number(v.substring(0, slash));
            bytes = size(v.substring(slash + 1));
          } else {
            units = number(v);
          }
        }
        case "exec/s:", "exec/s" -> execs = number(v);
        case "rss:" -> rss = number(v.endsWith("Mb") ? v.substring(0, v.length() - 2) : v);
        default -> { }
      }
    }
    return new Status(runs, fork ? "fork" : w[1], cov, ft, units, bytes, execs, rss);
  }

  /** libFuzzer's sizes: {@code 1477b}, {@code 12Kb}, {@code 3Mb}. */
  private static Long size(String v) {
    long factor = 1;
    String n = v;
    if (n.endsWith("Mb")) {
      factor = 1 << 20;
      n = n.substring(0, n.length() - 2);
    } else if (n.endsWith("Kb")) {
      factor = 1 << 10;
      n = n.substring(0, n.length() - 2);
    } else if (n.endsWith("b")) {
      n = n.substring(0, n.length() - 1);
    }
    Long x = number(n);
    return x == null ? null : x * factor;
  }

  private static Long number(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String cut(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }
}
