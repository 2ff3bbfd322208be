package dev.fuzzprof.parse.profile;

/**
 * One frame of a sampled stack.
 *
 * @param name the function (symbol) name, without offsets or profiler annotations
 * @param kernel true for a kernel frame (perf's {@code [kernel.kallsyms]}, async-profiler's
 *     {@code _[k]})
 */
public record Frame(String name, boolean kernel) {
  public Frame {
    name = name == null || name.isEmpty() ? "[unknown]" : name;
  }

  public static Frame user(String name) {
    return new Frame(name, false);
  }

  public static Frame kernel(String name) {
    return new Frame(name, true);
  }
}
