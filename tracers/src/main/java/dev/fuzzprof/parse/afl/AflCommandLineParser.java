package dev.fuzzprof.parse.afl;

import java.util.ArrayList;
import java.util.List;

/**
 * An afl-fuzz command line (argv from /proc/PID/cmdline, or fuzzer_stats' {@code command_line})
 * into {@link AflArgs}. Pure. Options come before {@code --} or before the first word that is not
 * an option; both {@code -o DIR} and {@code -oDIR} are understood.
 */
public final class AflCommandLineParser {
  /**
   * afl-fuzz options that take a value (afl-fuzz -h of AFL++ 4.04c and AFL 2.57b); -V SECONDS
   * and -E EXECS (AFL++'s time and execution limits) too, or a trial's target reads as "90".
   */
  private static final String WITH_VALUE = "iobcCfFgGlLmMpPsStTwxeIKqZDVE";

  private AflCommandLineParser() {}

  /** argv, argv[0] first (it is skipped when it names afl-fuzz). */
  public static AflArgs parse(List<String> argv) {
    String name = null;
    Role role = Role.SINGLE;
    String out = null;
    String in = null;
    Integer bound = null;
    List<String> target = new ArrayList<>();
    int i = !argv.isEmpty() && !argv.get(0).startsWith("-") ? 1 : 0;
    for (; i < argv.size(); i++) {
      String a = argv.get(i);
      if (a.equals("--")) {
        target.addAll(argv.subList(i + 1, argv.size()));
        break;
      }
      if (a.length() < 2 || a.charAt(0) != '-') {
        target.addAll(argv.subList(i, argv.size()));
        break;
      }
      char flag = a.charAt(1);
      String value = null;
      if (WITH_VALUE.indexOf(flag) >= 0) {
        if (a.length() > 2) {
          value = a.substring(2);
        } else if (i + 1 < argv.size()) {
          value = argv.get(++i);
        }
      }
      switch (flag) {
        case 'M' -> {
          role = Role.MAIN;
          name = value;
        }
        case 'S' -> {
          role = Role.SECONDARY;
          name = value;
        }
        case 'o' -> out = value;
        case 'i' -> in = value;
        case 'b' -> bound = number(value);
        default -> { }
      }
    }
    return new AflArgs(name == null || name.isEmpty() ? "default" : name, role, out, in, bound,
        target);
  }

  /** fuzzer_stats' command_line (words split at blanks; AFL++ writes no quotes). */
  public static AflArgs parse(String commandLine) {
    if (commandLine == null || commandLine.isBlank()) {
      return new AflArgs("default", Role.UNKNOWN, null, null, null, List.of());
    }
    return parse(List.of(commandLine.strip().split("\\s+")));
  }

  private static Integer number(String v) {
    try {
      return v == null ? null : Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
