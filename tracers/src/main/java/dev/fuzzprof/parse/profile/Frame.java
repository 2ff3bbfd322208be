package dev.fuzzprof.parse.profile;

/**
 * One frame of a sampled stack.
 *
 * @param name the function (symbol) name, without offsets or profiler annotations
 * @param kernel true for a kernel frame (perf's {@code [kernel.kallsyms]}, async-profiler's
 *     {@code _[k]})
 * @param module the binary or library the frame's code is in, its file name only
 *     ({@code libjpeg.so.62.3.0}, the target's own executable); null when the profiler did not
 *     say (collapsed stacks carry no module) and for kernel frames
 */
public record Frame(String name, boolean kernel, String module) {
  public Frame {
    name = name == null || name.isEmpty() ? "[unknown]" : name;
  }

  public Frame(String name, boolean kernel) {
    this(name, kernel, null);
  }

  public static Frame user(String name) {
    return new Frame(name, false);
  }

  public static Frame kernel(String name) {
    return new Frame(name, true);
  }
}
