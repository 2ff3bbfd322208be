package dev.fuzzprof.parse.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads collapsed stacks, one stack a line: {@code outer;inner;leaf COUNT} (async-profiler's
 * {@code -o collapsed}, Brendan Gregg's stackcollapse output, and the {@code .collapsed} file
 * {@code fuzzprof flame} writes). async-profiler's annotations ({@code -a}) are understood and
 * removed: {@code _[k]} marks a kernel frame; {@code _[j]}, {@code _[i]}, {@code _[0]},
 * {@code _[1]} mark Java frames.
 */
public final class CollapsedStacksParser {
  private CollapsedStacksParser() {}

  /** The suffix that marks a kernel frame in collapsed stacks. */
  public static final String KERNEL_SUFFIX = "_[k]";

  public static Stacks parse(String text) {
    return parse(new BufferedReader(new StringReader(text)));
  }

  public static Stacks parse(BufferedReader in) {
    Stacks.Builder b = new Stacks.Builder();
    try {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String s = line.strip();
        if (s.isEmpty()) {
          continue;
        }
        int space = s.lastIndexOf(' ');
        long count = space > 0 ? count(s.substring(space + 1)) : -1;
        if (count < 0) {
          b.skip();
          continue;
        }
        List<Frame> frames = new ArrayList<>();
        for (String name : s.substring(0, space).split(";")) {
          if (!name.isEmpty()) {
            frames.add(frame(name));
          }
        }
        if (frames.isEmpty()) {
          b.skip();
          continue;
        }
        b.add(frames, count);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.build();
  }

  static Frame frame(String annotated) {
    if (annotated.endsWith(KERNEL_SUFFIX)) {
      return Frame.kernel(annotated.substring(0, annotated.length() - KERNEL_SUFFIX.length()));
    }
    int n = annotated.length();
    if (n > 4 && annotated.charAt(n - 4) == '_' && annotated.charAt(n - 3) == '['
        && annotated.charAt(n - 1) == ']' && "ji01".indexOf(annotated.charAt(n - 2)) >= 0) {
      return Frame.user(annotated.substring(0, n - 4));
    }
    return Frame.user(annotated);
  }

  private static long count(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
