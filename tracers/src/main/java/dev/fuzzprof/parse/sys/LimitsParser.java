package dev.fuzzprof.parse.sys;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * /proc/PID/limits: a header, then {@code Max open files   1024   524288   files} lines whose
 * name has spaces. Pure; keys are the names as the kernel writes them ({@code Max open files},
 * {@code Max processes}); a line whose numbers cannot be read is skipped.
 */
public final class LimitsParser {
  public static final String OPEN_FILES = "Max open files";
  public static final String PROCESSES = "Max processes";

  private static final Pattern LINE =
      Pattern.compile("^(Max [a-z ]+?)\\s+(unlimited|\\d+)\\s+(unlimited|\\d+)(\\s+\\S+)?\\s*$");

  private LimitsParser() {}

  public static Map<String, ResourceLimit> parse(String text) {
    Map<String, ResourceLimit> out = new LinkedHashMap<>();
    if (text == null) {
      return out;
    }
    for (String line : text.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        out.put(m.group(1).strip(), new ResourceLimit(value(m.group(2)), value(m.group(3))));
      }
    }
    return out;
  }

  private static long value(String s) {
    if (s.equals("unlimited")) {
      return ResourceLimit.UNLIMITED;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return ResourceLimit.UNLIMITED;
    }
  }
}
