package dev.fuzzprof.acquire.sys;

import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.parse.proc.CpuListParser;
import dev.fuzzprof.parse.proc.PidStatus;
import dev.fuzzprof.parse.sys.BoxFacts;
import dev.fuzzprof.parse.sys.CgroupParser;
import dev.fuzzprof.parse.sys.CpuTopology;
import dev.fuzzprof.parse.sys.LimitsParser;
import dev.fuzzprof.parse.sys.MountsParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the facts {@code fuzzprof doctor} judges, from a /proc and a /sys of the caller's
 * choosing (the live ones, or recorded trees in tests). Reads only; changes nothing. Each file
 * goes to its pure parser in {@code parse/sys} or {@code parse/proc}.
 */
public final class BoxFactsReader {
  /** The kernel's thread daemon: its children are kernel threads. */
  static final int KTHREADD = 2;

  private BoxFactsReader() {}

  /**
   * @param sysRoot the directory that plays /sys
   * @param outputDir the campaign's -o directory (it need not exist yet)
   * @param tmpDir AFL_TMPDIR as the campaign will see it
   */
  public static BoxFacts read(ProcFs proc, Path sysRoot, Optional<Path> outputDir,
      Optional<Path> tmpDir) {
    return read(proc, sysRoot, outputDir, tmpDir, Optional.empty());
  }

  /**
   * @param limitsPid the process whose limits a campaign started now inherits, when that is
   *     not this one (a JVM raises its own soft open-files limit to the hard one at start, so
   *     the shell that ran fuzzprof may have a lower one); its limits are read when it has a
   *     /proc/PID/limits, else this process's
   */
  public static BoxFacts read(ProcFs proc, Path sysRoot, Optional<Path> outputDir,
      Optional<Path> tmpDir, Optional<Integer> limitsPid) {
    List<Integer> selfCpus = proc.read("self/status")
        .map(dev.fuzzprof.parse.proc.PidStatusParser::parse).map(PidStatus::cpusAllowed)
        .orElse(List.of());
    CpuTopology topology = new SysCpu(sysRoot.resolve("devices/system/cpu")).topology()
        .orElseGet(() -> CpuTopology.flat(selfCpus));
    Map<Integer, String> governors = new LinkedHashMap<>();
    for (int cpu : topology.online()) {
      readSys(sysRoot, "devices/system/cpu/cpu" + cpu + "/cpufreq/scaling_governor")
          .map(String::strip).filter(s -> !s.isEmpty())
          .ifPresent(g -> governors.put(cpu, g));
    }
    Optional<String> cgroupFile = Optional.empty();
    Optional<List<Integer>> cgroupCpus = Optional.empty();
    CgroupParser.CgroupPaths paths = CgroupParser.parse(proc.read("self/cgroup").orElse(""));
    for (String candidate : cpusetFiles(paths)) {
      Optional<List<Integer>> cpus = readSys(sysRoot, candidate)
          .flatMap(CpuListParser::parse).filter(l -> !l.isEmpty());
      if (cpus.isPresent()) {
        cgroupFile = Optional.of(candidate);
        cgroupCpus = cpus;
        break;
      }
    }
    String limitsFile = limitsPid.map(p -> p + "/limits")
        .filter(f -> proc.read(f).isPresent()).orElse("self/limits");
    return new BoxFacts(
        proc.read("sys/kernel/core_pattern").map(String::strip),
        Map.copyOf(governors),
        MountsParser.parse(proc.read("self/mounts").orElse("")),
        outputDir.flatMap(BoxFactsReader::nearestExisting),
        tmpDir.flatMap(BoxFactsReader::nearestExisting),
        selfCpus, cgroupCpus, cgroupFile, topology,
        LimitsParser.parse(proc.read(limitsFile).orElse("")), limitsFile,
        pinned(proc));
  }

  /** This machine's /proc and /sys. */
  public static BoxFacts live(Optional<Path> outputDir, Optional<Path> tmpDir) {
    return read(ProcFs.live(), Path.of("/sys"), outputDir, tmpDir);
  }

  /**
   * The cpuset files that may hold this process's CPUs, relative to /sys: cgroup v2 mounted at
   * /sys/fs/cgroup, or at /sys/fs/cgroup/unified beside v1 (a hybrid host), then v1's cpuset.
   */
  static List<String> cpusetFiles(CgroupParser.CgroupPaths paths) {
    List<String> out = new ArrayList<>();
    paths.unified().ifPresent(p -> {
      out.add(join("fs/cgroup", p) + "/cpuset.cpus.effective");
      out.add(join("fs/cgroup/unified", p) + "/cpuset.cpus.effective");
    });
    paths.v1Cpuset().ifPresent(p -> out.add(join("fs/cgroup/cpuset", p)
        + "/cpuset.effective_cpus"));
    return out;
  }

  private static String join(String base, String cgroupPath) {
    String p = cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
    return p.isEmpty() ? base : base + "/" + p;
  }

  /** Every process bound to one CPU, except kernel threads (no cmdline, or kthreadd's). */
  static List<BoxFacts.PinnedProcess> pinned(ProcFs proc) {
    List<BoxFacts.PinnedProcess> out = new ArrayList<>();
    java.util.Set<Integer> mine = selfAndAncestors(proc);
    for (int pid : proc.pids()) {
      if (mine.contains(pid)) {
        continue;
      }
      Optional<PidStatus> st = proc.pidStatus(pid);
      if (st.isEmpty() || st.get().cpusAllowed().size() != 1 || pid == KTHREADD
          || st.get().ppid() == KTHREADD) {
        continue;
      }
      List<String> cmd = proc.cmdline(pid);
      if (cmd.isEmpty()) {
        continue;
      }
      String state = st.get().state().strip();
      out.add(new BoxFacts.PinnedProcess(pid, st.get().ppid(), st.get().name(),
          state.isEmpty() ? '?' : state.charAt(0), st.get().cpusAllowed().get(0),
          String.join(" ", cmd)));
    }
    return List.copyOf(out);
  }

  /**
   * This process and its ancestors (a wrapper script, taskset's shell): run under taskset,
   * they are bound too, but they are the doctor, not a competitor. Empty for a recorded tree
   * whose {@code self} is a plain directory.
   */
  static java.util.Set<Integer> selfAndAncestors(ProcFs proc) {
    java.util.Set<Integer> out = new java.util.HashSet<>();
    Path self = proc.root().resolve("self");
    if (!Files.isSymbolicLink(self)) {
      return out;
    }
    try {
      int pid = Integer.parseInt(Files.readSymbolicLink(self).getFileName().toString());
      while (pid > 1 && out.add(pid)) {
        pid = proc.pidStatus(pid).map(PidStatus::ppid).orElse(0);
      }
    } catch (IOException | NumberFormatException e) {
      return out;
    }
    return out;
  }

  /** The path, or its nearest existing parent, as a real path; empty when none resolves. */
  static Optional<String> nearestExisting(Path path) {
    Path p = path.toAbsolutePath().normalize();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    if (p == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(p.toRealPath().toString());
    } catch (IOException | SecurityException e) {
      return Optional.of(p.toString());
    }
  }

  private static Optional<String> readSys(Path sysRoot, String relative) {
    try {
      return Optional.of(Files.readString(sysRoot.resolve(relative),
          StandardCharsets.ISO_8859_1));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
