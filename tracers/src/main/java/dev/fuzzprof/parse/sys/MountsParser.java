package dev.fuzzprof.parse.sys;

import java.util.ArrayList;
import java.util.List;

/**
 * /proc/PID/mounts (the fstab format: device, mount point, type, options, 0, 0). Pure; a line
 * with fewer than three fields is skipped.
 */
public final class MountsParser {
  private MountsParser() {}

  /** The mounts in the order the kernel lists them (a later mount hides an earlier one). */
  public static List<Mount> parse(String text) {
    List<Mount> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String line : text.split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length < 3) {
        continue;
      }
      out.add(new Mount(unescape(f[0]), unescape(f[1]), f[2]));
    }
    return List.copyOf(out);
  }

  /** The kernel writes space, tab, newline and backslash in a path as \040, \011, \012, \134. */
  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && isOctal(s, i + 1) && isOctal(s, i + 2) && isOctal(s, i + 3)) {
        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean isOctal(String s, int i) {
    return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
  }
}
