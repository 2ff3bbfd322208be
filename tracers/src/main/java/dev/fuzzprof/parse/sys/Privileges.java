package dev.fuzzprof.parse.sys;

import java.util.Optional;

/**
 * What this process may do to other processes and to the kernel's tracepoints, from the settings
 * the kernel decides by. The rules below are the upstream kernel's (kernel/events/core.c,
 * kernel/trace/trace_event_perf.c, kernel/ptrace.c, security/yama), not a guess from errors.
 *
 * @param euid the effective uid of fuzzprof
 * @param perfEventParanoid /proc/sys/kernel/perf_event_paranoid; null when the file is missing
 *     (a kernel without perf events)
 * @param ptraceScope /proc/sys/kernel/yama/ptrace_scope; null when the kernel has no Yama
 * @param capEff the effective capability mask ({@code CapEff} of /proc/self/status); null when
 *     unknown, and then uid 0 is taken to hold every capability
 * @param tracefsReadable whether the tracepoints' directory of tracefs ({@code
 *     /sys/kernel/tracing/events} or {@code /sys/kernel/debug/tracing/events}) can be read
 */
public record Privileges(
    int euid, Integer perfEventParanoid, Integer ptraceScope, Long capEff,
    boolean tracefsReadable) {

  /** Capability numbers of include/uapi/linux/capability.h. */
  public static final int CAP_SYS_PTRACE = 19;
  public static final int CAP_SYS_ADMIN = 21;
  public static final int CAP_PERFMON = 38;

  public boolean root() {
    return euid == 0;
  }

  public boolean yama() {
    return ptraceScope != null;
  }

  /** Whether the capability is in effect; with no mask known, whether this is root. */
  public boolean has(int capability) {
    if (capEff == null) {
      return root();
    }
    return capability >= 0 && capability < 64 && (capEff >>> capability & 1L) == 1L;
  }

  /** {@code perfmon_capable()} of the kernel: CAP_PERFMON, or CAP_SYS_ADMIN as before 5.8. */
  public boolean perfmonCapable() {
    return has(CAP_PERFMON) || has(CAP_SYS_ADMIN);
  }

  /**
   * Whether {@code perf stat} may count tracepoints on whole CPUs ({@code -a} or {@code -C}), as
   * fuzzprof counts them. perf counts a tracepoint with {@code sample_type} IDENTIFIER only (no
   * raw data, so the raw-tracepoint rule of paranoid -1 does not apply), with kernel events
   * included (allowed up to paranoid 1) and CPU-wide (allowed up to paranoid 0); CAP_PERFMON or
   * CAP_SYS_ADMIN lifts both limits. perf also needs to read tracefs to find the tracepoints.
   * Upstream treats any value above 2 as 2.
   */
  public boolean canCountTracepoints() {
    return whyNoPerf().isEmpty();
  }

  /** One line naming what would allow {@link #canCountTracepoints()}; empty when it is allowed. */
  public Optional<String> whyNoPerf() {
    if (perfEventParanoid == null) {
      return Optional.of("perf may not count tracepoints: /proc/sys/kernel/perf_event_paranoid"
          + " is missing, so this kernel was built without perf events (CONFIG_PERF_EVENTS)");
    }
    if (!tracefsReadable) {
      if (root()) {
        return Optional.of("perf may not count tracepoints: tracefs is not mounted;"
            + " mount it with `mount -t tracefs nodev /sys/kernel/tracing`");
      }
      return Optional.of("perf may not count tracepoints: tracefs (/sys/kernel/tracing) is"
          + " readable by root only here, so uid " + euid + " gets no tracepoints at any"
          + " perf_event_paranoid (CAP_PERFMON does not open it either); run fuzzprof as root,"
          + " or open it with `mount -o remount,mode=755 /sys/kernel/tracing` (then"
          + " perf_event_paranoid decides)");
    }
    if (perfEventParanoid > 0 && !perfmonCapable()) {
      return Optional.of("perf may not count tracepoints on whole CPUs:"
          + " /proc/sys/kernel/perf_event_paranoid is " + perfEventParanoid + " and uid " + euid
          + " has neither CAP_PERFMON nor CAP_SYS_ADMIN; allow it with"
          + " `sysctl -w kernel.perf_event_paranoid=0`, or give fuzzprof CAP_PERFMON");
    }
    return Optional.empty();
  }

  /**
   * One line naming what would allow {@code perf record -p} (fuzzprof flame) on a process of uid
   * {@code targetUid} and permitted capabilities {@code targetCapPrm}; empty when it may. The
   * kernel lets a user open a per-process event on a process it may ptrace-read (same uid, the
   * target's capabilities within its own, or CAP_SYS_PTRACE; Yama has no say over reading), or
   * any with CAP_PERFMON; user frames of one's own processes are allowed at every upstream
   * perf_event_paranoid level (3 acts as 2). Kernel frames: {@link #whyNoKernelFrames()}.
   */
  public Optional<String> whyNoSampling(int targetUid, long targetCapPrm) {
    if (perfEventParanoid == null) {
      return Optional.of("perf may not sample: /proc/sys/kernel/perf_event_paranoid is missing,"
          + " so this kernel was built without perf events (CONFIG_PERF_EVENTS)");
    }
    if (perfmonCapable() || has(CAP_SYS_PTRACE)) {
      return Optional.empty();
    }
    if (targetUid != euid) {
      return Optional.of("uid " + euid + " may not profile a process of uid " + targetUid
          + ": perf needs the same uid, CAP_PERFMON or CAP_SYS_PTRACE, whatever"
          + " perf_event_paranoid is; " + runAs(targetUid));
    }
    long mine = capEff == null ? 0L : capEff;
    if ((targetCapPrm & ~mine) != 0) {
      return Optional.of("uid " + euid + " may not profile this process: it holds capabilities"
          + " fuzzprof lacks (CapPrm " + Long.toHexString(targetCapPrm) + "), so perf needs"
          + " CAP_PERFMON or CAP_SYS_PTRACE; run fuzzprof as root");
    }
    return Optional.empty();
  }

  /**
   * Why a profile of one's own process has no kernel frames: above perf_event_paranoid 1 a user
   * without CAP_PERFMON may sample only user code (perf then falls back to user-only events by
   * itself); empty when kernel frames are allowed.
   */
  public Optional<String> whyNoKernelFrames() {
    if (perfEventParanoid == null || perfEventParanoid <= 1 || perfmonCapable()) {
      return Optional.empty();
    }
    return Optional.of("kernel frames not sampled: /proc/sys/kernel/perf_event_paranoid is "
        + perfEventParanoid + ", so perf samples only the user code of uid " + euid
        + "'s processes and the kernel share reads 0; `sysctl -w kernel.perf_event_paranoid=1`"
        + " adds the kernel frames of your own processes, or give fuzzprof CAP_PERFMON");
  }

  /**
   * The one line for a perf that the kernel refused ({@code said}: what perf printed), given
   * what the upstream rules above say ({@code upstream}: {@link #whyNoPerf()} or
   * {@link #whyNoSampling}). When they allowed it and perf_event_paranoid is 3 or more, the
   * kernel is one that carries Debian's restriction (Debian, and kernels built from its patch):
   * at 3 and above it refuses every perf event to users without CAP_PERFMON or CAP_SYS_ADMIN.
   */
  public String perfRefused(String said, Optional<String> upstream) {
    if (upstream.isPresent()) {
      return upstream.get();
    }
    Integer level = PrivilegesParser.paranoidPerfSaid(said).orElse(perfEventParanoid);
    if (level != null && level >= 3 && !perfmonCapable()) {
      return "perf may not be used at all by uid " + euid + ": perf_event_paranoid is " + level
          + " and this kernel refused what upstream kernels allow at " + level + ", so it"
          + " carries Debian's restriction (at 3 or above, no perf events without CAP_PERFMON"
          + " or CAP_SYS_ADMIN); `sysctl -w kernel.perf_event_paranoid=2` allows the user code"
          + " of your own processes, 1 their kernel frames too, or give fuzzprof CAP_PERFMON";
    }
    return "the kernel refused perf although uid " + euid + " and perf_event_paranoid "
        + (level == null ? "(unknown)" : level) + " allow it (a security module such as"
        + " SELinux or AppArmor, or a container's seccomp filter): " + firstLine(said);
  }

  /**
   * One line for a uprobe that could not be put: {@code perf probe} writes tracefs's
   * {@code uprobe_events}, which only root may write; empty for root.
   */
  public Optional<String> whyNoUprobe() {
    if (root() && (capEff == null || has(CAP_SYS_ADMIN))) {
      return Optional.empty();
    }
    return Optional.of("uprobes need root: perf probe writes /sys/kernel/tracing/uprobe_events,"
        + " which only root may write (no perf_event_paranoid setting or capability short of"
        + " root allows it); run fuzzprof as root to count the inputs");
  }

  private static String runAs(int targetUid) {
    return targetUid == 0 ? "run fuzzprof as root" : "run fuzzprof as uid " + targetUid
        + " or as root";
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst()
        .orElse("");
  }

  /**
   * Whether a tracer run by fuzzprof (strace, which is not the target's ancestor) may attach
   * with ptrace to a process of uid {@code targetUid} that holds no capability fuzzprof lacks.
   * See {@link #whyNoPtrace(int, long)}.
   */
  public boolean canPtrace(int targetUid) {
    return whyNoPtrace(targetUid).isEmpty();
  }

  /** Whether fuzzprof may ptrace a process of that uid and permitted capabilities. */
  public boolean canPtrace(int targetUid, long targetCapPrm) {
    return whyNoPtrace(targetUid, targetCapPrm).isEmpty();
  }

  /** {@link #whyNoPtrace(int, long)} for a target holding no capability fuzzprof lacks. */
  public Optional<String> whyNoPtrace(int targetUid) {
    return whyNoPtrace(targetUid, capEff == null ? 0 : capEff);
  }

  /**
   * One line naming what would allow fuzzprof to ptrace a process of uid {@code targetUid} and
   * permitted capabilities {@code targetCapPrm} ({@code CapPrm} of its status); empty when it is
   * allowed. The kernel wants, unless the tracer has CAP_SYS_PTRACE: the same uid, and the
   * target's permitted capabilities within the tracer's (this record knows the effective ones,
   * which equal the permitted ones for root and for most programs). Then Yama, where present:
   * scope 0 adds nothing, 1 admits only ancestors or CAP_SYS_PTRACE, 2 only CAP_SYS_PTRACE,
   * 3 nobody. Not seen from here: gids, and a target that made itself non-dumpable (set-uid
   * programs, PR_SET_DUMPABLE) or named its tracer (PR_SET_PTRACER).
   */
  public Optional<String> whyNoPtrace(int targetUid, long targetCapPrm) {
    boolean sysPtrace = has(CAP_SYS_PTRACE);
    if (ptraceScope != null && ptraceScope >= 3) {
      return Optional.of("no process may attach with ptrace: kernel.yama.ptrace_scope is "
          + ptraceScope + ", which cannot be lowered until the next boot");
    }
    if (!sysPtrace && targetUid != euid) {
      return Optional.of("uid " + euid + " may not ptrace a process of uid " + targetUid
          + " without CAP_SYS_PTRACE; " + runAs(targetUid));
    }
    long mine = capEff == null ? (root() ? -1L : 0L) : capEff;
    if (!sysPtrace && (targetCapPrm & ~mine) != 0) {
      return Optional.of("the target holds capabilities fuzzprof lacks (CapPrm "
          + Long.toHexString(targetCapPrm) + "), so ptrace needs CAP_SYS_PTRACE;"
          + " run fuzzprof with CAP_SYS_PTRACE");
    }
    if (ptraceScope != null && ptraceScope == 1 && !sysPtrace) {
      return Optional.of("kernel.yama.ptrace_scope is 1, so only a process's ancestors may"
          + " ptrace it; allow it with `sysctl -w kernel.yama.ptrace_scope=0`, or run fuzzprof"
          + " with CAP_SYS_PTRACE");
    }
    if (ptraceScope != null && ptraceScope == 2 && !sysPtrace) {
      return Optional.of("kernel.yama.ptrace_scope is 2, so only CAP_SYS_PTRACE may ptrace;"
          + " run fuzzprof with CAP_SYS_PTRACE (or as root), or allow it with"
          + " `sysctl -w kernel.yama.ptrace_scope=0`");
    }
    return Optional.empty();
  }

  /** {@link #whyNoPtrace(int)} for a target of fuzzprof's own uid, the usual campaign. */
  public Optional<String> whyNoPtrace() {
    return whyNoPtrace(euid);
  }

  /**
   * One line naming what would allow attaching to a JVM of uid {@code targetUid}; empty when
   * allowed. A HotSpot JVM accepts an attach only from its own user or root (the attacher as
   * root takes the JVM's uid); attaching does not use ptrace, so Yama has no say.
   */
  public Optional<String> whyNoJvmAttach(int targetUid) {
    if (root() || targetUid == euid) {
      return Optional.empty();
    }
    return Optional.of("a JVM accepts an attach only from its own user or root, and this JVM"
        + " runs as uid " + targetUid + ", fuzzprof as uid " + euid + "; " + runAs(targetUid));
  }
}
