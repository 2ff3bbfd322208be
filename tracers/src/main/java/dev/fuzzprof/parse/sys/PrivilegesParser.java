package dev.fuzzprof.parse.sys;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The texts the kernel gives about privileges, turned into {@link Privileges}. Pure: the files
 * are read by {@code acquire/sys/PrivilegeCheck}. A missing file is a null text; a garbled number
 * counts as missing.
 */
public final class PrivilegesParser {
  private PrivilegesParser() {}

  /**
   * @param perfEventParanoid the text of /proc/sys/kernel/perf_event_paranoid, or null
   * @param ptraceScope the text of /proc/sys/kernel/yama/ptrace_scope, or null (no Yama)
   * @param euid fuzzprof's effective uid
   * @param tracefsReadable whether tracefs's {@code events} directory can be read
   * @param selfStatus the text of /proc/self/status (for {@code CapEff}), or null
   */
  public static Privileges parse(String perfEventParanoid, String ptraceScope, int euid,
      boolean tracefsReadable, String selfStatus) {
    Long caps = null;
    if (selfStatus != null) {
      OptionalLong c = capEff(selfStatus);
      caps = c.isPresent() ? c.getAsLong() : null;
    }
    return new Privileges(euid, number(perfEventParanoid), number(ptraceScope), caps,
        tracefsReadable);
  }

  /** The {@code CapEff:} mask of a /proc/PID/status text: what the process may use now. */
  public static OptionalLong capEff(String status) {
    return capabilities(status, "CapEff");
  }

  /** The {@code CapPrm:} mask of a /proc/PID/status text: what the process may take up. */
  public static OptionalLong capPrm(String status) {
    return capabilities(status, "CapPrm");
  }

  private static OptionalLong capabilities(String status, String key) {
    String v = field(status, key);
    if (v == null || v.isEmpty() || v.length() > 16) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseUnsignedLong(v, 16));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The effective uid of a process from its /proc/PID/status text: the second of the four
   * numbers of {@code Uid:} (real, effective, saved, filesystem).
   */
  public static OptionalInt effectiveUid(String status) {
    String v = field(status, "Uid");
    if (v == null) {
      return OptionalInt.empty();
    }
    String[] ids = v.split("\\s+");
    if (ids.length < 2) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(ids[1]));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  private static final java.util.regex.Pattern PERF_PARANOID =
      java.util.regex.Pattern.compile("perf_event_paranoid setting is (-?\\d{1,9})\\b");

  /**
   * The perf_event_paranoid level perf printed when the kernel refused it (perf's own text:
   * {@code perf_event_paranoid setting is 3:}); empty when perf did not say.
   */
  public static Optional<Integer> paranoidPerfSaid(String said) {
    if (said == null) {
      return Optional.empty();
    }
    java.util.regex.Matcher m = PERF_PARANOID.matcher(said);
    return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
  }

  private static String field(String status, String key) {
    for (String line : status.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equals(key)) {
        return line.substring(colon + 1).strip();
      }
    }
    return null;
  }

  private static Integer number(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
