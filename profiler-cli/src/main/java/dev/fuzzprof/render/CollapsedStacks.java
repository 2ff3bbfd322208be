package dev.fuzzprof.render;

import dev.fuzzprof.parse.profile.CollapsedStacksParser;
import dev.fuzzprof.parse.profile.Frame;
import dev.fuzzprof.parse.profile.Stack;
import java.io.PrintWriter;
import java.util.List;

/**
 * Writes stacks in the collapsed format ({@code outer;inner;leaf COUNT}, a stack a line) that
 * {@link CollapsedStacksParser} reads back, FlameGraph's scripts and async-profiler's converter
 * draw, and speedscope opens. Kernel frames carry async-profiler's {@code _[k]}.
 */
public final class CollapsedStacks {
  private CollapsedStacks() {}

  public static void write(PrintWriter out, List<Stack> stacks) {
    for (Stack s : stacks) {
      out.println(line(s));
    }
  }

  /** One stack; a frame name cannot break the format (no {@code ;} or line break in it). */
  static String line(Stack stack) {
    StringBuilder sb = new StringBuilder();
    for (Frame f : stack.frames()) {
      if (sb.length() > 0) {
        sb.append(';');
      }
      sb.append(f.name().replace(';', ':').replace('\n', ' ').replace('\r', ' '));
      if (f.kernel()) {
        sb.append(CollapsedStacksParser.KERNEL_SUFFIX);
      }
    }
    return sb.append(' ').append(stack.count()).toString();
  }
}
