package dev.fuzzprof.parse.sys;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code fuzzprof doctor} read from a box before a campaign, as read: no judgement. Each
 * field says the file it came from; an unreadable file is an empty Optional or an empty map.
 *
 * @param corePattern /proc/sys/kernel/core_pattern, stripped
 * @param governors per online CPU, cpuN/cpufreq/scaling_governor; empty: no cpufreq here
 * @param mounts /proc/self/mounts
 * @param outputDir the campaign's -o dir, or its nearest existing parent, as a real path
 * @param tmpDir AFL_TMPDIR, or its nearest existing parent, as a real path
 * @param selfCpus Cpus_allowed_list of /proc/self/status
 * @param cgroupCpus the CPUs of this process's cgroup cpuset, when one was found
 * @param cgroupFile the file {@code cgroupCpus} came from, relative to the /sys root
 * @param topology the online CPUs and their SMT siblings
 * @param limits /proc/PID/limits, by the kernel's names ({@link LimitsParser#OPEN_FILES})
 * @param limitsFile the file {@code limits} came from, relative to /proc ({@code self/limits})
 * @param pinned processes whose Cpus_allowed_list is one CPU, kernel threads left out
 */
public record BoxFacts(
    Optional<String> corePattern,
    Map<Integer, String> governors,
    List<Mount> mounts,
    Optional<String> outputDir,
    Optional<String> tmpDir,
    List<Integer> selfCpus,
    Optional<List<Integer>> cgroupCpus,
    Optional<String> cgroupFile,
    CpuTopology topology,
    Map<String, ResourceLimit> limits,
    String limitsFile,
    List<PinnedProcess> pinned) {

  /**
   * A process bound to one CPU.
   *
   * @param state the first letter of State in /proc/PID/status ({@code T}: stopped)
   */
  public record PinnedProcess(int pid, int ppid, String name, char state, int cpu,
      String cmdline) {}
}
