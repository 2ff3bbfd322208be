package dev.fuzzprof.analyze.flame;

import dev.fuzzprof.analyze.FindingId;
import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.Severity;
import dev.fuzzprof.analyze.flame.FlameReport.Mode;
import dev.fuzzprof.analyze.flame.FlameReport.PathShare;
import dev.fuzzprof.analyze.flame.FlameReport.LibraryShare;
import dev.fuzzprof.analyze.flame.FlameReport.Share;
import dev.fuzzprof.analyze.flame.FlameReport.UserShare;
import dev.fuzzprof.parse.profile.Frame;
import dev.fuzzprof.parse.profile.Stack;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** From sampled stacks to the user/kernel split, the hottest kernel frames and their syscalls. */
public final class FlameAnalyzer {
  static final int TOP_FRAMES = 15;
  static final int TOP_ENTRIES = 6;
  static final int TOP_PATHS = 10;
  static final int PATH_DEPTH = 4;
  static final double KERNEL_HEAVY = 30;
  static final double KERNEL_VERY_HEAVY = 50;
  static final long FEW_SAMPLES = 100;

  /** User share, percent of samples, from which the profile is user-bound. */
  static final double USER_BOUND = 80;

  private FlameAnalyzer() {}

  /**
   * @param stacks the samples
   * @param mode the profiler that took them
   * @param pid the process profiled, or null for a launched command
   * @param seconds how long the profile ran
   * @param partial the target ended before the profile did
   */
  public static FlameReport analyze(List<Stack> stacks, Mode mode, Long pid, double seconds,
      boolean partial) {
    return analyze(stacks, mode, pid, seconds, partial, List.of());
  }

  /**
   * The same, for a profile that lacks something, each said in one line ({@code missing}); when
   * the kernel frames were not sampled (a line starting "kernel frames not sampled"), no finding
   * rests on the user share, which is then 100% by construction.
   */
  public static FlameReport analyze(List<Stack> stacks, Mode mode, Long pid, double seconds,
      boolean partial, List<String> missing) {
    boolean kernelSampled = missing.stream().noneMatch(m -> m.startsWith(NO_KERNEL_FRAMES));
    long samples = 0;
    long kernelSamples = 0;
    Map<String, Long> frames = new HashMap<>();
    Map<String, Long> entries = new HashMap<>();
    Map<String, Long> syscalls = new HashMap<>();
    Map<List<String>, Long> paths = new HashMap<>();
    Map<String, Long> userLeaves = new HashMap<>();
    Map<String, String> leafLibrary = new HashMap<>();
    Map<String, Long> libraries = new HashMap<>();
    for (Stack s : stacks) {
      samples += s.count();
      if (!s.inKernel()) {
        Frame leaf = s.leaf();
        if (leaf != null) {
          userLeaves.merge(leaf.name(), s.count(), Long::sum);
          if (leaf.module() != null) {
            leafLibrary.putIfAbsent(leaf.name(), leaf.module());
            libraries.merge(leaf.module(), s.count(), Long::sum);
          }
        }
        continue;
      }
      kernelSamples += s.count();
      Set<String> seenFrames = new HashSet<>();
      Set<String> seenEntries = new HashSet<>();
      List<String> path = new ArrayList<>();
      String wayIn = null;
      String libcCaller = null;
      boolean sawEntry = false;
      for (Frame f : s.frames()) {
        if (!f.kernel()) {
          libcCaller = f.name();
          continue;
        }
        String name = f.name();
        if (KernelFrames.isEntry(name)) {
          sawEntry = true;
          if (seenEntries.add(name)) {
            entries.merge(name, s.count(), Long::sum);
          }
          if (wayIn == null && name.contains("page_fault")) {
            wayIn = KernelFrames.PAGE_FAULT;
          }
          continue;
        }
        if (seenFrames.add(name)) {
          frames.merge(name, s.count(), Long::sum);
        }
        if (wayIn == null) {
          Optional<String> sc = KernelFrames.syscall(name);
          wayIn = sc.orElseGet(() -> KernelFrames.otherWayIn(name));
        }
        if (path.size() < PATH_DEPTH) {
          path.add(name);
        }
      }
      if (wayIn == null && sawEntry && libcCaller != null && name(s).startsWith("entry_SYSCALL")) {
        wayIn = KernelFrames.fromLibcCaller(libcCaller);
        if (wayIn == null) {
          wayIn = KernelFrames.ENTRY_EXIT;
        }
      }
      syscalls.merge(wayIn == null ? KernelFrames.OTHER : wayIn, s.count(), Long::sum);
      if (!path.isEmpty()) {
        paths.merge(path, s.count(), Long::sum);
      }
    }
    double userPercent = percent(samples - kernelSamples, samples);
    double kernelPercent = percent(kernelSamples, samples);
    List<Share> top = shares(frames, samples, TOP_FRAMES);
    List<Share> entryShares = shares(entries, samples, TOP_ENTRIES);
    List<Share> syscallShares = shares(syscalls, samples, Integer.MAX_VALUE);
    final long all = samples;
    List<PathShare> pathShares = new ArrayList<>();
    paths.entrySet().stream()
        .sorted(Map.Entry.<List<String>, Long>comparingByValue().reversed()
            .thenComparing(e -> String.join(";", e.getKey())))
        .limit(TOP_PATHS)
        .forEach(e -> pathShares.add(new PathShare(e.getKey(), percent(e.getValue(), all),
            e.getValue())));
    List<UserShare> userTop = new ArrayList<>();
    for (Share u : shares(userLeaves, samples, TOP_FRAMES)) {
      userTop.add(new UserShare(u.frame(), leafLibrary.get(u.frame()), u.percent(), u.samples()));
    }
    List<LibraryShare> libs = new ArrayList<>();
    for (Share l : shares(libraries, samples, TOP_FRAMES)) {
      libs.add(new LibraryShare(l.frame(), l.percent(), l.samples()));
    }
    List<Finding> findings = findings(samples, kernelPercent, syscallShares, partial);
    if (samples >= FEW_SAMPLES && userPercent >= USER_BOUND && kernelSampled) {
      findings.add(0, userBound(userPercent, kernelPercent, userTop, libs));
    }
    return new FlameReport(mode, pid, seconds, samples, userPercent, kernelPercent, top,
        entryShares, syscallShares, pathShares, userTop, libs, findings, partial, null, null,
        missing);
  }

  /** How the line of a profile without kernel frames begins (Privileges.whyNoKernelFrames). */
  public static final String NO_KERNEL_FRAMES = "kernel frames not sampled";

  /** The user-bound finding: where the user time goes, by function and by library. */
  private static Finding userBound(double userPercent, double kernelPercent,
      List<UserShare> top, List<LibraryShare> libs) {
    StringBuilder hot = new StringBuilder();
    for (UserShare u : top.subList(0, Math.min(3, top.size()))) {
      hot.append(hot.length() == 0 ? "" : ", ").append(u.frame())
          .append(u.library() == null ? "" : " (" + u.library() + ")")
          .append(String.format(Locale.ROOT, " %.1f%%", u.percent()));
    }
    String lib = libs.isEmpty() ? "" : String.format(Locale.ROOT,
        "; by library, %s has %.1f%% of all samples", libs.get(0).library(),
        libs.get(0).percent());
    return Finding.of(FindingId.USER_BOUND, Severity.INFO, String.format(Locale.ROOT,
        "%.1f%% of the samples are in user code and %.1f%% in the kernel: the kernel is not the"
            + " bottleneck; the hottest functions: %s%s.", userPercent, kernelPercent, hot, lib));
  }

  /** The first kernel frame of a stack (its way into the kernel), or "". */
  private static String name(Stack s) {
    for (Frame f : s.frames()) {
      if (f.kernel()) {
        return f.name();
      }
    }
    return "";
  }

  private static List<Finding> findings(long samples, double kernelPercent, List<Share> syscalls,
      boolean partial) {
    List<Finding> out = new ArrayList<>();
    if (samples > 0 && kernelPercent >= KERNEL_HEAVY) {
      StringBuilder which = new StringBuilder();
      for (Share s : syscalls.subList(0, Math.min(3, syscalls.size()))) {
        which.append(which.length() == 0 ? "" : ", ")
            .append(s.frame()).append(' ').append(String.format(Locale.ROOT, "%.1f%%", s.percent()));
      }
      out.add(Finding.of(FindingId.KERNEL_HEAVY_PROFILE,
          kernelPercent >= KERNEL_VERY_HEAVY ? Severity.HIGH : Severity.MEDIUM,
          String.format(Locale.ROOT, "%.1f%% of the samples are in the kernel, not in the target;"
              + " the most: %s.", kernelPercent, which)));
    }
    if (samples < FEW_SAMPLES) {
      out.add(Finding.of(FindingId.FEW_SAMPLES, Severity.INFO,
          samples + " samples: the shares are rough (the target was idle, stopped, or the"
              + " profile was short)."));
    }
    if (partial) {
      out.add(Finding.of(FindingId.PARTIAL_PROFILE, Severity.INFO,
          "The target exited during the profile; the samples cover its life until then."));
    }
    return out;
  }

  private static List<Share> shares(Map<String, Long> counts, long samples, int limit) {
    Map<String, Long> sorted = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())))
        .limit(limit)
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    List<Share> out = new ArrayList<>();
    sorted.forEach((k, v) -> out.add(new Share(k, percent(v, samples), v)));
    return out;
  }

  private static double percent(long part, long whole) {
    return whole == 0 ? 0 : Math.round(1000.0 * part / whole) / 10.0;
  }
}
