package dev.fuzzprof.analyze;

import java.util.Locale;

/**
 * The one catalog of finding ids, for every command. Ids are a public interface: users grep and
 * script them, the README documents each one, and a test checks that it does. Never rename an
 * id; add a new one instead. The catalog holds the id, its usual severity, what it means and a
 * fix that holds in general; an analysis that knows more about the case writes its own fix
 * ({@link Finding#of(FindingId, Severity, String, String)}).
 */
public enum FindingId {
  // fuzzprof analyze (and attach's pattern sample): the per-case syscall pattern
  NOT_PERSISTENT(Severity.HIGH, "a new process for every case (fork server or exec)",
      "Use persistent mode: put the harness body in while (__AFL_LOOP(10000)) { ... } so one"
          + " process runs many cases."),
  FILE_INPUT(Severity.HIGH, "every case opens and reads its input from a file",
      "Take the input from shared memory: __AFL_FUZZ_INIT(); then __AFL_FUZZ_TESTCASE_BUF and"
          + " __AFL_FUZZ_TESTCASE_LEN inside the loop (no open/read/close per case)."),
  PER_CASE_ALLOCATION(Severity.MEDIUM, "memory goes back and forth to the kernel every case",
      "Allocate buffers once outside the loop, or stop glibc handing memory back each case"
          + " (mallopt M_MMAP_THRESHOLD / M_TRIM_THRESHOLD)."),
  UNEXPECTED_SYSCALLS(Severity.MEDIUM, "a persistent target makes other syscalls every case",
      "Find what makes these calls (fuzzprof flame, or strace -k) and move them out of the"
          + " loop or stub them in the harness."),
  UNSTABLE_PATTERN(Severity.LOW, "fewer than half the cases follow the commonest sequence",
      "Cases differ: check which syscalls depend on the input (the per-case column) before"
          + " trusting a single signature."),
  FEW_CASES(Severity.INFO, "fewer than 10 whole cases",
      "Record a longer trace (a second or more) so that the figures rest on more cases."),
  NO_CASES(Severity.MEDIUM, "no self-stop and no process per case",
      "Trace the running target with -f for about a second, e.g."
          + " strace -f -ttt -T -o trace.txt -p PID, and analyze that."),
  PARTIAL_TRACE(Severity.INFO, "lines were skipped, or the file ends mid-line",
      "The figures cover what could be read; re-record the trace if the skipped part matters."),

  // scaling-report and top: are all cores used, does it scale
  AFFINITY_COLLISION(Severity.HIGH, "two or more live instances bound to one CPU",
      "Give each instance a CPU of its own: export AFL_NO_AFFINITY=1 and start each with"
          + " taskset -c N afl-fuzz ... (or afl-fuzz -b N), one N per instance."),
  SMT_CONTENTION(Severity.MEDIUM, "busy instances on hyperthreads of one core",
      "Fill one hardware thread per core first (taskset -c on the first sibling of each core);"
          + " add the siblings only if the cumulative execs/s still rises."),
  IDLE_CORES(Severity.MEDIUM, "online CPUs that are not busy while fuzzing",
      "Start one more instance per idle CPU with a new name, or move a collided instance"
          + " there."),
  OVERSUBSCRIBED(Severity.HIGH, "more instances want a CPU than there are CPUs",
      "Run at most one busy instance per CPU: stop the extra instances (fewer, pinned"
          + " instances do more execs/s than many that wait for a CPU)."),
  KERNEL_HEAVY(Severity.MEDIUM, "a large share of the CPU time goes to the kernel",
      "Find the per-case system calls: fuzzprof analyze on a 1 s strace -f of one target."),
  SCALING_BELOW_LINEAR(Severity.MEDIUM, "cumulative execs/s under 80% of baseline x instances",
      "Re-measure against a pinned single-instance run: --baseline-dir OUT_OF_THAT_RUN."),
  EFFICIENCY_SUSPECT(Severity.LOW, "a scaling efficiency above 110%: the baseline is too low",
      "Measure a real baseline: one instance pinned to a free CPU, then --baseline-dir."),
  DEAD_INSTANCE(Severity.MEDIUM, "an instance whose afl-fuzz is gone",
      "Restart it with the same name and output dir: AFL_AUTORESUME=1 afl-fuzz -S NAME -o OUT"
          + " ... (its queue is kept); check its last lines of output for why it stopped."),
  FAILED_START(Severity.HIGH, "an instance folder that never got its first fuzzer_stats",
      "Read the instance's afl-fuzz output for PROGRAM ABORT; give it a free CPU (-b N or"
          + " AFL_NO_AFFINITY=1 with taskset) and start it again."),
  STALE_STATS(Severity.MEDIUM, "a live instance whose fuzzer_stats stopped changing",
      "A live afl-fuzz rewrites fuzzer_stats every minute: check that it is not stopped"
          + " (State T in /proc/PID/status) or stuck on a hang, and that the disk is not full."),
  LOW_STABILITY(Severity.LOW, "stability under 90%",
      "Make the target deterministic (reset global state per case, seed RNGs, no threads or"
          + " time); AFL_DEBUG=1 afl-showmap twice on one input shows the unstable edges."),
  SLOW_INSTANCE(Severity.LOW, "a -S instance under half the others' median execs/s",
      "Check where it runs (the cpus column) and its own options (-c cmplog, -p schedule,"
          + " dictionaries); restart it pinned to a free CPU."),

  // flame
  KERNEL_HEAVY_PROFILE(Severity.HIGH, "a large share of the CPU samples is in the kernel",
      "Take the per-case syscalls out of the loop (shared-memory input instead of open/read/close,"
          + " buffers allocated once); fuzzprof analyze on a short strace shows which run per case."),
  USER_BOUND(Severity.INFO, "80% or more of the CPU samples are in user code",
      "The kernel is not the bottleneck: the time goes to the target's own code and its"
          + " libraries (topUserFrames). Make the hot functions cheaper, cap the input size"
          + " (libFuzzer -max_len, AFL++ -G), or drop work the harness does per input that the"
          + " fuzzer does not need."),
  FEW_SAMPLES(Severity.INFO, "fewer than 100 samples",
      "Profile for longer (--duration) or while the target is busy, so the shares rest on more"
          + " samples."),
  PARTIAL_PROFILE(Severity.INFO, "the target exited during the profile",
      "The target ended while it was profiled: the figures cover the time until then."),

  // attach
  SLOW_UNIT(Severity.MEDIUM, "an input ran as long as the counting window, or a second or more",
      "Find the slow input (libFuzzer: -report_slow_units=1 prints it, -timeout=N ends units"
          + " slower than N s) and make the target refuse or cap such inputs (-max_len, size"
          + " checks before the expensive work)."),
  SHARED_CPU(Severity.HIGH, "another busy process runs on the target's CPUs",
      "Give each fuzzer a CPU of its own: move the other busy processes (taskset -cp CPU PID)"
          + " or start afl-fuzz with -b CPU on a free core."),
  STOPPED(Severity.HIGH, "the target or its afl-fuzz stayed stopped (State T) all along",
      "Something stopped it (Ctrl-Z, kill -STOP, a debugger): resume it with kill -CONT PID."),
  PARTIAL_ATTACH(Severity.INFO, "something could not be measured; missing says what",
      "Install or allow the tool named; the other figures stand."),

  // compare: is the A/B fair, and can it tell
  FEW_TRIALS(Severity.MEDIUM, "fewer than 10 trials in an arm",
      "Run at least 10 trials per arm (FuzzBench runs 20): with fewer, only a large difference"
          + " can reach p <= 0.05 and a real but smaller one goes unseen."),
  UNEQUAL_LENGTH(Severity.MEDIUM, "the trials ran for different lengths",
      "Compare at a time every trial reached (--at, at most the shortest trial's length), or"
          + " run every trial for the same time (afl-fuzz -V SECONDS)."),
  DIFFERENT_SEEDS(Severity.MEDIUM, "the trials started from different seed directories (-i)",
      "Start every trial of both arms from one seed corpus (the same -i directory or exact"
          + " copies of it), so that only what you compare differs."),
  DIFFERENT_TARGETS(Severity.MEDIUM, "the trials fuzz different target programs",
      "Fuzz one target build in every trial, unless the build is what you compare."),
  CRASHES_METRIC(Severity.MEDIUM, "saved crashes compared: they are not bugs",
      "Compare coverage (--metric edges); count crashes only once de-duplicated into bugs, and"
          + " expect them to be sparse and partly luck."),
  UNEQUAL_CPU(Severity.HIGH, "the arms had unequal CPU",
      "Give every trial of both arms the same number of instances, each on a CPU of its own"
          + " (taskset -c N, or afl-fuzz -b N), for the same time."),

  // doctor: the box before a campaign (also oversubscribed, above)
  CORE_PATTERN_PIPE(Severity.HIGH, "core_pattern pipes crashes to a helper program",
      "echo core | sudo tee /proc/sys/kernel/core_pattern"),
  CPUFREQ_GOVERNOR(Severity.MEDIUM, "a CPU to be used has a governor other than performance",
      "echo performance | sudo tee /sys/devices/system/cpu/cpuN/cpufreq/scaling_governor"),
  CUR_INPUT_ON_DISK(Severity.MEDIUM, "the file each case is written to is not on tmpfs",
      "export AFL_TMPDIR=/dev/shm (or mount a tmpfs on the output dir)"),
  NO_AFFINITY_WITH_BIND(Severity.HIGH, "AFL_NO_AFFINITY set and -b given: afl-fuzz aborts",
      "Keep one: unset AFL_NO_AFFINITY to bind with -b N, or drop -b and pin with taskset."),
  LOW_NOFILE_LIMIT(Severity.MEDIUM, "RLIMIT_NOFILE below what afl-fuzz and its target need",
      "ulimit -n 65536 (up to the hard limit) in the shell that starts afl-fuzz"),
  LOW_NPROC_LIMIT(Severity.HIGH, "RLIMIT_NPROC too low for the instances' processes",
      "ulimit -u unlimited (or a value above the estimate) in the shell that starts afl-fuzz"),
  PINNED_PROCESS(Severity.MEDIUM, "a process other than the campaign's is bound to one CPU",
      "taskset -cp LIST PID to unbind it; kill -CONT PID; kill PID for a stopped orphan");

  private final Severity severity;
  private final String summary;
  private final String fix;

  FindingId(Severity severity, String summary, String fix) {
    this.severity = severity;
    this.summary = summary;
    this.fix = fix;
  }

  /** The stable identifier, lower case with dashes: {@code file-input}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The usual severity; an analysis may raise or lower it for the case. */
  public Severity severity() {
    return severity;
  }

  /** What the finding means, in a few words. */
  public String summary() {
    return summary;
  }

  /** A fix that holds in general. */
  public String fix() {
    return fix;
  }
}
