package dev.fuzzprof.analyze.doctor;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.FindingId;
import dev.fuzzprof.analyze.Severity;
import dev.fuzzprof.parse.proc.CpuListParser;
import dev.fuzzprof.parse.sys.BoxFacts;
import dev.fuzzprof.parse.sys.LimitsParser;
import dev.fuzzprof.parse.sys.Mount;
import dev.fuzzprof.parse.sys.ResourceLimit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Judges a box's facts for a planned campaign. Pure: facts in, checks and findings out. */
public final class DoctorAnalyzer {
  /**
   * An afl-fuzz instance runs three processes (afl-fuzz, its fork server, the child running
   * cases) and briefly a fourth while the server forks a replacement child.
   */
  static final int PROCESSES_PER_INSTANCE = 4;
  /** What else the user runs (a shell, an editor, a build): room left beside the campaign. */
  static final int PROCESS_HEADROOM = 64;
  /**
   * Open files are limited per process, not per user: N instances do not need more each. An
   * afl-fuzz holds a few dozen descriptors (its output files, /dev/null, /dev/urandom, the fork
   * server's pipes, directories while it syncs), and its target inherits the same soft limit;
   * under 256 leaves a target that opens files or a sanitizer little room.
   */
  static final long MIN_NOFILE = 256;

  private DoctorAnalyzer() {}

  /**
   * The campaign the box is judged for.
   *
   * @param instances how many instances will run; 0: unknown (one per allowed CPU assumed)
   * @param env AFL_TMPDIR, AFL_NO_AFFINITY, AFL_TRY_AFFINITY,
   *     AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES as the campaign will see them
   * @param outputDir the -o directory as the user gave it; empty: not given
   * @param bindsWithB whether instances will be started with afl-fuzz -b CPU
   * @param ownFuzzerPids afl-fuzz processes of this campaign already running (their pinned
   *     processes, and their fork servers' and targets', are expected)
   */
  public record Plan(int instances, Optional<String> outputDir, Map<String, String> env,
      boolean bindsWithB, Set<Integer> ownFuzzerPids) {}

  public static DoctorReport analyze(BoxFacts facts, Plan plan) {
    List<Check> checks = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    List<Integer> allowed = allowed(facts);
    List<Integer> order = CpuOrder.order(allowed, facts.topology());
    int planned = plan.instances() > 0 ? plan.instances() : allowed.size();
    List<Integer> used = order.subList(0, Math.min(planned, order.size()));

    corePattern(facts, plan, checks, findings);
    governors(facts, used, checks, findings);
    curInput(facts, plan, checks, findings);
    allowedCpus(facts, plan, allowed, checks, findings);
    affinity(plan, checks, findings);
    limits(facts, planned, plan.instances() > 0, checks, findings);
    pinned(facts, plan, allowed, checks, findings);
    List<Integer> held = facts.pinned().stream()
        .filter(p -> !plan.ownFuzzerPids().contains(p.pid()))
        .map(BoxFacts.PinnedProcess::cpu).filter(allowed::contains).distinct().sorted().toList();
    return new DoctorReport(allowed, order, held, List.copyOf(checks), List.copyOf(findings));
  }

  /** Cpus_allowed_list of this process, within its cgroup's cpuset when one was read. */
  public static List<Integer> allowed(BoxFacts facts) {
    List<Integer> self = facts.selfCpus().isEmpty() ? facts.topology().online()
        : facts.selfCpus();
    return facts.cgroupCpus().map(cg -> self.stream().filter(cg::contains).toList())
        .orElse(self);
  }

  private static void corePattern(BoxFacts facts, Plan plan, List<Check> checks,
      List<Finding> findings) {
    String name = "core_pattern";
    String src = "/proc/sys/kernel/core_pattern";
    if (facts.corePattern().isEmpty()) {
      checks.add(Check.notApplicable(name, src, "unreadable"));
      return;
    }
    String pattern = facts.corePattern().get();
    if (!pattern.startsWith("|")) {
      checks.add(Check.ok(name, src, pattern));
      return;
    }
    String id = FindingId.CORE_PATTERN_PIPE.id();
    checks.add(Check.finding(name, src, pattern, id));
    boolean allowedAnyway = plan.env().containsKey("AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES");
    findings.add(Finding.of(FindingId.CORE_PATTERN_PIPE,
        allowedAnyway ? Severity.MEDIUM : Severity.HIGH,
        "core_pattern is '" + pattern + "': the kernel pipes every crash's core dump to that"
            + " program, and afl-fuzz learns of the crash only after it, late enough to count"
            + " it as a hang or miss it; "
            + (allowedAnyway ? "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES is set, so afl-fuzz"
                + " starts anyway"
                : "afl-fuzz refuses to start unless AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1"),
        FindingId.CORE_PATTERN_PIPE.fix()));
  }

  private static void governors(BoxFacts facts, List<Integer> used, List<Check> checks,
      List<Finding> findings) {
    String name = "cpu frequency governor";
    String src = "/sys/devices/system/cpu/cpuN/cpufreq/scaling_governor";
    if (facts.governors().isEmpty()) {
      checks.add(Check.notApplicable(name, src, "no cpufreq on this machine"));
      return;
    }
    List<Integer> slow = used.stream()
        .filter(c -> facts.governors().containsKey(c))
        .filter(c -> !facts.governors().get(c).equals("performance")).toList();
    String value = used.stream().filter(c -> facts.governors().containsKey(c))
        .map(c -> c + ":" + facts.governors().get(c)).collect(Collectors.joining(" "));
    if (slow.isEmpty()) {
      checks.add(Check.ok(name, src, value.isEmpty() ? "no governor on the CPUs to use"
          : value));
      return;
    }
    String id = FindingId.CPUFREQ_GOVERNOR.id();
    checks.add(Check.finding(name, src, value, id));
    String list = slow.stream().map(String::valueOf).collect(Collectors.joining(" "));
    findings.add(Finding.of(FindingId.CPUFREQ_GOVERNOR, Severity.MEDIUM,
        "CPU " + list + " of the CPUs to use run the "
            + slow.stream().map(facts.governors()::get).distinct()
                .collect(Collectors.joining("/"))
            + " governor, not performance: the clock follows the load with a delay, so"
            + " instances run slower and their execs/s vary from run to run (AFL++ warns"
            + " about it at start unless AFL_SKIP_CPUFREQ is set)",
        "for c in " + list + "; do echo performance | sudo tee"
            + " /sys/devices/system/cpu/cpu$c/cpufreq/scaling_governor; done"));
  }

  private static void curInput(BoxFacts facts, Plan plan, List<Check> checks,
      List<Finding> findings) {
    String src = "/proc/self/mounts";
    String id = FindingId.CUR_INPUT_ON_DISK.id();
    boolean tmpdirSet = plan.env().containsKey("AFL_TMPDIR");
    Optional<Mount> outMount = facts.outputDir().flatMap(p -> mountOf(p, facts.mounts()));
    if (plan.outputDir().isEmpty() || facts.outputDir().isEmpty()) {
      checks.add(Check.notApplicable("output dir on tmpfs", src, "no -o given"));
    } else if (outMount.isEmpty()) {
      checks.add(Check.notApplicable("output dir on tmpfs", src,
          facts.outputDir().get() + ": no mount found"));
    } else {
      String given = plan.outputDir().get();
      String value = given.equals(facts.outputDir().get())
          ? describe(given, outMount.get())
          : given + " (nearest existing: " + facts.outputDir().get() + ", "
              + outMount.get().fsType() + " on " + outMount.get().mountPoint() + ")";
      if (outMount.get().inMemory() || tmpdirSet) {
        checks.add(Check.ok("output dir on tmpfs", src, value
            + (outMount.get().inMemory() ? "" : "; .cur_input goes to AFL_TMPDIR")));
      } else {
        checks.add(Check.finding("output dir on tmpfs", src, value, id));
        findings.add(Finding.of(FindingId.CUR_INPUT_ON_DISK, Severity.MEDIUM,
            "the output dir " + plan.outputDir().get() + " is on " + outMount.get().fsType()
                + " (" + outMount.get().mountPoint() + "), not in memory, and AFL_TMPDIR is"
                + " unset: for a"
                + " target that reads its input from a file or stdin, afl-fuzz writes every"
                + " case to .cur_input there, and the file system writes it back to disk"
                + " (a shared-memory-input target is not affected)",
            "export AFL_TMPDIR=/dev/shm   (keeps the queue on disk; or: sudo mount -t tmpfs"
                + " -o size=2g tmpfs " + plan.outputDir().get() + ")"));
      }
    }
    if (!tmpdirSet) {
      checks.add(Check.notApplicable("AFL_TMPDIR on tmpfs", src, "AFL_TMPDIR unset"));
      return;
    }
    Optional<Mount> tmpMount = facts.tmpDir().flatMap(p -> mountOf(p, facts.mounts()));
    if (tmpMount.isEmpty()) {
      checks.add(Check.notApplicable("AFL_TMPDIR on tmpfs", src,
          plan.env().get("AFL_TMPDIR") + ": no mount found"));
      return;
    }
    String value = describe(facts.tmpDir().get(), tmpMount.get());
    if (tmpMount.get().inMemory()) {
      checks.add(Check.ok("AFL_TMPDIR on tmpfs", src, value));
      return;
    }
    checks.add(Check.finding("AFL_TMPDIR on tmpfs", src, value, id));
    findings.add(Finding.of(FindingId.CUR_INPUT_ON_DISK, Severity.MEDIUM,
        "AFL_TMPDIR " + value + " is not in memory: for a file- or stdin-input target,"
            + " afl-fuzz writes every case to .cur_input there, and the file system writes it"
            + " back to disk",
        "export AFL_TMPDIR=/dev/shm"));
  }

  private static String describe(String path, Mount m) {
    return path + " (" + m.fsType() + " on " + m.mountPoint() + ")";
  }

  /** The mount a path is on: the longest mount point that is a prefix of it, the last such. */
  static Optional<Mount> mountOf(String path, List<Mount> mounts) {
    Mount best = null;
    for (Mount m : mounts) {
      String mp = m.mountPoint();
      boolean under = mp.equals("/") ? path.startsWith("/")
          : path.equals(mp) || path.startsWith(mp + "/");
      if (under && (best == null || mp.length() >= best.mountPoint().length())) {
        best = m;
      }
    }
    return Optional.ofNullable(best);
  }

  private static void allowedCpus(BoxFacts facts, Plan plan, List<Integer> allowed,
      List<Check> checks, List<Finding> findings) {
    String src = "Cpus_allowed_list of /proc/self/status"
        + facts.cgroupFile().map(f -> " and /sys/" + f).orElse("");
    String value = CpuListParser.format(allowed) + " (" + allowed.size() + " of "
        + facts.topology().online().size() + " online"
        + facts.cgroupCpus().map(c -> ", cgroup cpuset " + CpuListParser.format(c)).orElse("")
        + ")";
    String name = "instances fit the allowed CPUs";
    if (plan.instances() <= 0) {
      checks.add(Check.ok(name, src, value + "; no -n given"));
      return;
    }
    if (plan.instances() <= allowed.size()) {
      checks.add(Check.ok(name, src, value + "; " + plan.instances() + " instances"));
      return;
    }
    checks.add(Check.finding(name, src, value + "; " + plan.instances() + " instances",
        FindingId.OVERSUBSCRIBED.id()));
    findings.add(Finding.of(FindingId.OVERSUBSCRIBED, Severity.HIGH,
        plan.instances() + " instances for " + allowed.size() + " allowed CPUs ("
            + CpuListParser.format(allowed) + "): the extra instances take turns on a CPU,"
            + " which makes fewer execs/s in all than one instance per CPU; under AFL++'s"
            + " default binding they abort with \"No more free CPU cores\"",
        "Start at most " + allowed.size() + " instances (-n " + allowed.size() + "), or"
            + " allow more CPUs (taskset -c, the container's cpuset)."));
  }

  private static void affinity(Plan plan, List<Check> checks, List<Finding> findings) {
    String name = "AFL_NO_AFFINITY with -b";
    String src = "environment, --bind";
    boolean noAffinity = plan.env().containsKey("AFL_NO_AFFINITY");
    boolean tryAffinity = plan.env().containsKey("AFL_TRY_AFFINITY");
    String value = (noAffinity ? "AFL_NO_AFFINITY set" : "AFL_NO_AFFINITY unset")
        + (plan.bindsWithB() ? ", -b" : ", no -b")
        + (tryAffinity ? ", AFL_TRY_AFFINITY set" : "");
    if (!plan.bindsWithB()) {
      checks.add(Check.notApplicable(name, src, value));
      return;
    }
    if (!noAffinity || tryAffinity) {
      checks.add(Check.ok(name, src, value));
      return;
    }
    checks.add(Check.finding(name, src, value, FindingId.NO_AFFINITY_WITH_BIND.id()));
    findings.add(Finding.of(FindingId.NO_AFFINITY_WITH_BIND, Severity.HIGH,
        "AFL_NO_AFFINITY is set and instances get -b: afl-fuzz does not ignore either, it"
            + " stops at start with \"-b and AFL_NO_AFFINITY are mututally exclusive.\""
            + " (AFL++ bind_to_free_cpu; only AFL_TRY_AFFINITY makes it bind with -b anyway)",
        "unset AFL_NO_AFFINITY   (-b N then binds each instance to CPU N)"));
  }

  private static void limits(BoxFacts facts, int planned, boolean instancesGiven,
      List<Check> checks, List<Finding> findings) {
    String src = "/proc/" + facts.limitsFile();
    ResourceLimit nofile = facts.limits().get(LimitsParser.OPEN_FILES);
    if (nofile == null) {
      checks.add(Check.notApplicable("open files limit", src, "unreadable"));
    } else if (nofile.soft() >= MIN_NOFILE) {
      checks.add(Check.ok("open files limit", src, "soft " + ResourceLimit.format(nofile.soft())
          + ", per process; at least " + MIN_NOFILE + " wanted"));
    } else {
      checks.add(Check.finding("open files limit", src, "soft "
          + ResourceLimit.format(nofile.soft()), FindingId.LOW_NOFILE_LIMIT.id()));
      long raise = Math.min(65536, nofile.hard());
      findings.add(Finding.of(FindingId.LOW_NOFILE_LIMIT, Severity.MEDIUM,
          "RLIMIT_NOFILE is " + nofile.soft() + " (hard " + ResourceLimit.format(nofile.hard())
              + "): the limit is per process, so it does not grow with the instances, but each"
              + " afl-fuzz holds a few dozen descriptors (output files, /dev/null,"
              + " /dev/urandom, fork-server pipes, directories while syncing) and its target"
              + " inherits the same limit; under " + MIN_NOFILE + " a target that opens files,"
              + " or a sanitizer, runs out (EMFILE), which looks like a crash or a hang",
          "ulimit -n " + raise + "   (in the shell that starts afl-fuzz; the hard limit is "
              + ResourceLimit.format(nofile.hard()) + ")"));
    }
    ResourceLimit nproc = facts.limits().get(LimitsParser.PROCESSES);
    long need = (long) planned * PROCESSES_PER_INSTANCE + PROCESS_HEADROOM;
    String what = planned + (instancesGiven ? " instances" : " instances (one per allowed CPU)");
    if (nproc == null) {
      checks.add(Check.notApplicable("process limit", src, "unreadable"));
    } else if (nproc.soft() >= need) {
      checks.add(Check.ok("process limit", src, "soft " + ResourceLimit.format(nproc.soft())
          + "; about " + need + " wanted for " + what));
    } else {
      checks.add(Check.finding("process limit", src, "soft " + nproc.soft() + "; about "
          + need + " wanted for " + what, FindingId.LOW_NPROC_LIMIT.id()));
      findings.add(Finding.of(FindingId.LOW_NPROC_LIMIT, Severity.HIGH,
          "RLIMIT_NPROC is " + nproc.soft() + ": it counts every process and thread of the"
              + " user, and each instance needs " + PROCESSES_PER_INSTANCE + " (afl-fuzz, its"
              + " fork server, the child running cases, and a replacement child while it"
              + " forks), so " + what + " need about " + need + " with " + PROCESS_HEADROOM
              + " left for the rest of the session; past the limit fork fails and the fork"
              + " server dies",
          "ulimit -u " + need + "   (in the shell that starts afl-fuzz; the hard limit is "
              + ResourceLimit.format(nproc.hard()) + ", above it needs root)"));
    }
  }

  private static void pinned(BoxFacts facts, Plan plan, List<Integer> allowed,
      List<Check> checks, List<Finding> findings) {
    String name = "processes bound to one CPU";
    String src = "/proc/PID/status Cpus_allowed_list, State; /proc/PID/cmdline";
    Set<Integer> own = new HashSet<>(plan.ownFuzzerPids());
    boolean grew = true;
    while (grew) {
      grew = false;
      for (BoxFacts.PinnedProcess p : facts.pinned()) {
        if (!own.contains(p.pid()) && own.contains(p.ppid())) {
          own.add(p.pid());
          grew = true;
        }
      }
    }
    List<BoxFacts.PinnedProcess> strays = facts.pinned().stream()
        .filter(p -> !own.contains(p.pid()))
        .filter(p -> allowed.contains(p.cpu())).toList();
    if (strays.isEmpty()) {
      checks.add(Check.ok(name, src, "none on the allowed CPUs but the campaign's"));
      return;
    }
    Set<Integer> claimed = new HashSet<>();
    facts.pinned().stream().filter(p -> allowed.contains(p.cpu()))
        .forEach(p -> claimed.add(p.cpu()));
    int free = (int) allowed.stream().filter(c -> !claimed.contains(c)).count();
    checks.add(Check.finding(name, src, strays.stream()
        .map(p -> p.pid() + " on " + p.cpu() + " (" + p.state() + ")")
        .collect(Collectors.joining(", ")), FindingId.PINNED_PROCESS.id()));
    // AFL++ scans /proc for pinned processes only when it picks a CPU itself
    boolean scans = !plan.bindsWithB() && !plan.env().containsKey("AFL_NO_AFFINITY");
    int wanted = plan.instances() > 0 ? plan.instances() : allowed.size();
    boolean aborts = scans && wanted > free;
    String list = CpuListParser.format(allowed);
    for (BoxFacts.PinnedProcess p : strays) {
      boolean stopped = p.state() == 'T' || p.state() == 't';
      String who = p.pid() + " (" + p.name() + ": " + shorten(p.cmdline()) + ")";
      String where = who + " is bound to CPU " + p.cpu() + (stopped
          ? " and stopped (State T), which is how an afl-fuzz killed with SIGKILL leaves its"
              + " persistent target"
          : " (State " + p.state() + ")");
      String fix = stopped ? "kill -CONT " + p.pid() + "; kill " + p.pid()
          : "taskset -cp " + list + " " + p.pid();
      if (scans) {
        findings.add(Finding.of(FindingId.PINNED_PROCESS,
            stopped || aborts ? Severity.HIGH : Severity.MEDIUM,
            where + ": AFL++'s default binding counts CPU " + p.cpu() + " as taken and gives"
                + " it to no instance; " + free + " of " + allowed.size() + " allowed CPUs are"
                + " unclaimed" + (aborts ? ", fewer than the " + wanted + " instances, so the"
                    + " last ones abort with \"No more free CPU cores\"" : ""),
            fix));
      } else if (stopped) {
        findings.add(Finding.of(FindingId.PINNED_PROCESS, Severity.LOW,
            where + ": it takes no CPU time, and with "
                + (plan.bindsWithB() ? "-b" : "AFL_NO_AFFINITY") + " afl-fuzz does not look"
                + " for a free CPU, so only an afl-fuzz started later with the default binding"
                + " skips CPU " + p.cpu(),
            fix));
      } else {
        findings.add(Finding.of(FindingId.PINNED_PROCESS, Severity.MEDIUM,
            where + ": an instance put on CPU " + p.cpu() + " shares it with this process"
                + " whenever it runs",
            fix));
      }
    }
  }

  private static String shorten(String cmdline) {
    return cmdline.length() <= 60 ? cmdline : cmdline.substring(0, 57) + "...";
  }
}
