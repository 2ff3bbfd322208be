package dev.fuzzprof.service.compare;

import java.nio.file.Path;
import java.util.List;

/** An arm's name from its trials' paths: what their last names share, without a trailing number. */
final class ArmNames {
  private ArmNames() {}

  static String of(List<Path> trials, String fallback) {
    String prefix = null;
    for (Path p : trials) {
      Path f = p.toAbsolutePath().normalize().getFileName();
      String n = f == null ? "" : f.toString();
      if (n.equals("default") && p.toAbsolutePath().normalize().getParent() != null) {
        n = p.toAbsolutePath().normalize().getParent().getFileName().toString();
      }
      prefix = prefix == null ? n : common(prefix, n);
    }
    String s = prefix == null ? "" : prefix.replaceAll("[-_.\\s0-9]+$", "");
    if (trials.size() == 1 && prefix != null && s.isEmpty()) {
      s = prefix;
    }
    return s.isEmpty() ? fallback : s;
  }

  private static String common(String a, String b) {
    int i = 0;
    while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return a.substring(0, i);
  }
}
