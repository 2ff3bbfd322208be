package dev.fuzzprof.analyze.flame;

import dev.fuzzprof.analyze.Finding;
import java.util.List;

/**
 * Where a profiled process spent its CPU time, user against kernel. Field names are the JSON keys
 * of {@code fuzzprof flame --format json}: keep them stable. Percentages are of all samples,
 * 0 to 100.
 *
 * @param mode the profiler that sampled the stacks
 * @param pid the process profiled, or null when a command was launched
 * @param seconds how long the profile ran
 * @param samples stack samples taken
 * @param userPercent samples taken while the target ran its own code (or its libraries)
 * @param kernelPercent samples taken in the kernel on the target's behalf
 * @param topKernelFrames kernel functions with the largest inclusive share, the generic entry
 *     frames (see {@code entryFrames}) left out
 * @param entryFrames the generic ways into the kernel (syscall entry, page fault, interrupt)
 * @param syscalls the kernel samples grouped by the syscall (or other way in) they belong to
 * @param kernelPaths the hottest kernel call paths, from the syscall down a few levels
 * @param topUserFrames the user functions that were on the CPU most (self samples), each with
 *     the binary or library its code is in
 * @param userLibraries user samples by the binary or library that was running, most first
 * @param findings what to change, most important first
 * @param partial true when the target exited before the profile ended
 * @param output the flame graph HTML file, or null when none was written
 * @param collapsed the collapsed stacks file written next to it, or null
 * @param missing what the profile lacks and which setting or capability would give it, one line
 *     each (e.g. kernel frames of an unprivileged user); empty when nothing is missing
 */
public record FlameReport(
    Mode mode,
    Long pid,
    double seconds,
    long samples,
    double userPercent,
    double kernelPercent,
    List<Share> topKernelFrames,
    List<Share> entryFrames,
    List<Share> syscalls,
    List<PathShare> kernelPaths,
    List<UserShare> topUserFrames,
    List<LibraryShare> userLibraries,
    List<Finding> findings,
    boolean partial,
    String output,
    String collapsed,
    List<String> missing) {

  public FlameReport {
    topKernelFrames = List.copyOf(topKernelFrames);
    entryFrames = List.copyOf(entryFrames);
    syscalls = List.copyOf(syscalls);
    kernelPaths = List.copyOf(kernelPaths);
    topUserFrames = List.copyOf(topUserFrames);
    userLibraries = List.copyOf(userLibraries);
    findings = List.copyOf(findings);
    missing = List.copyOf(missing);
  }

  /** The same report, with where its files were written. */
  public FlameReport withOutput(String html, String collapsedFile) {
    return new FlameReport(mode, pid, seconds, samples, userPercent, kernelPercent,
        topKernelFrames, entryFrames, syscalls, kernelPaths, topUserFrames, userLibraries, findings,
        partial, html, collapsedFile, missing);
  }

  /** Which profiler sampled the stacks. */
  public enum Mode {
    PERF("perf"),
    ASYNC_PROFILER("async-profiler");

    private final String label;

    Mode(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /**
   * A user function and its self share of all samples, 0 to 100.
   *
   * @param library the binary or library its code is in, or null when the profiler did not say
   */
  public record UserShare(String frame, String library, double percent, long samples) {}

  /** A binary or library and the share of all samples taken while its code ran, 0 to 100. */
  public record LibraryShare(String library, double percent, long samples) {}

  /** A frame (or syscall) and its share of all samples, 0 to 100. */
  public record Share(String frame, double percent, long samples) {}

  /** A kernel call path, outermost first, and its share of all samples, 0 to 100. */
  public record PathShare(List<String> path, double percent, long samples) {
    public PathShare {
      path = List.copyOf(path);
    }
  }
}
