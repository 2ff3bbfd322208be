package dev.fuzzprof.parse.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads the default text output of {@code perf script} for a {@code perf record -g} profile.
 *
 * <p>A sample is a header line ({@code comm pid/tid time: period event:}) that starts in column
 * 0, then one line per frame, innermost first, each indented and shaped {@code addr sym+off
 * (dso)}, and a blank line. A frame is a kernel frame when its dso is {@code [kernel.kallsyms]}
 * (or another bracketed kernel image such as {@code [nf_tables]}). Frames perf could not resolve
 * at all ({@code [unknown] ([unknown])}, often a garbage address under the outermost frame) are
 * dropped; an unknown symbol in a known file becomes {@code [file name]}.
 */
public final class PerfScriptParser {
  private PerfScriptParser() {}

  public static Stacks parse(String text) {
    return parse(new BufferedReader(new StringReader(text)));
  }

  public static Stacks parse(BufferedReader in) {
    Stacks.Builder b = new Stacks.Builder();
    List<Frame> innermostFirst = new ArrayList<>();
    boolean inSample = false;
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          if (inSample) {
            flush(b, innermostFirst);
          }
          inSample = false;
        } else if (Character.isWhitespace(line.charAt(0))) {
          if (!inSample) {
            b.skip();
            continue;
          }
          Frame f = frame(line);
          if (f != null) {
            innermostFirst.add(f);
          }
        } else if (isHeader(line)) {
          if (inSample) {
            flush(b, innermostFirst);
          }
          inSample = true;
        } else {
          b.skip();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (inSample) {
      flush(b, innermostFirst);
    }
    return b.build();
  }

  private static void flush(Stacks.Builder b, List<Frame> innermostFirst) {
    if (!innermostFirst.isEmpty()) {
      Collections.reverse(innermostFirst);
      b.add(innermostFirst, 1);
    }
    innermostFirst.clear();
  }

  /** {@code comm pid/tid time: period event:} (comm may contain spaces; the colon is there). */
  static boolean isHeader(String line) {
    return line.contains(":");
  }

  /** One frame line, or null when perf knew nothing about it. */
  static Frame frame(String line) {
    String s = line.strip();
    int space = s.indexOf(' ');
    if (space < 0) {
      return null; // an address alone
    }
    String rest = s.substring(space + 1).strip();
    String dso = "";
    if (rest.endsWith(")")) {
      int open = rest.lastIndexOf(" (");
      if (open >= 0) {
        dso = rest.substring(open + 2, rest.length() - 1);
        rest = rest.substring(0, open).strip();
      } else if (rest.startsWith("(")) {
        dso = rest.substring(1, rest.length() - 1);
        rest = "";
      }
    }
    String sym = stripOffset(rest);
    boolean kernel = dso.startsWith("[") && !dso.equals("[unknown]") && !dso.equals("[vdso]")
        && !dso.equals("[vsyscall]") && !dso.equals("[heap]") && !dso.equals("[anon]")
        && !dso.startsWith("[stack");
    if (sym.isEmpty() || sym.equals("[unknown]")) {
      if (dso.isEmpty() || dso.equals("[unknown]")) {
        return null;
      }
      sym = "[" + baseName(dso) + "]";
    }
    return new Frame(sym, kernel, kernel || dso.isEmpty() || dso.equals("[unknown]") ? null
        : baseName(dso));
  }

  private static String stripOffset(String sym) {
    int plus = sym.lastIndexOf("+0x");
    if (plus > 0 && sym.substring(plus + 3).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return sym.substring(0, plus);
    }
    return sym;
  }

  private static String baseName(String dso) {
    String d = dso.startsWith("[") && dso.endsWith("]") ? dso.substring(1, dso.length() - 1) : dso;
    int slash = d.lastIndexOf('/');
    return slash >= 0 ? d.substring(slash + 1) : d;
  }
}
