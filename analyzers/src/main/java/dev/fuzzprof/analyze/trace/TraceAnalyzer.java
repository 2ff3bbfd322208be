package dev.fuzzprof.analyze.trace;

import dev.fuzzprof.analyze.trace.TraceReport.Distribution;
import dev.fuzzprof.analyze.trace.TraceReport.InputSummary;
import dev.fuzzprof.analyze.Mode;
import dev.fuzzprof.analyze.trace.TraceReport.ProcessGroup;
import dev.fuzzprof.analyze.trace.TraceReport.Signature;
import dev.fuzzprof.analyze.trace.TraceReport.SyscallStat;
import dev.fuzzprof.event.ExitEvent;
import dev.fuzzprof.event.SignalEvent;
import dev.fuzzprof.event.SyscallEvent;
import dev.fuzzprof.event.TraceEvent;
import dev.fuzzprof.event.TracerEvent;
import dev.fuzzprof.parse.ArgsPolicy;
import dev.fuzzprof.parse.ParseStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits a stream of trace events into fuzz cases and aggregates them. Two ways of cutting run
 * side by side, because the trace itself says which one applies:
 *
 * <ul>
 *   <li>stops: a process that stops itself with SIGSTOP (raise, tgkill, kill) ends a case each
 *       time; the syscalls between two stops are one case (persistent and shared-memory mode);
 *   <li>lifetimes: a process created in the trace that exits is one case, together with its
 *       parent's syscalls from that fork to the next (fork-server mode, exec per case).
 * </ul>
 *
 * Whichever finds more whole cases decides the mode. Nothing here depends on a fixed list of
 * syscalls per case: the per-case sequence is learned from the cases found. State is per live
 * process and per case, so memory does not grow with the length of the trace.
 */
public final class TraceAnalyzer implements java.util.function.Consumer<TraceEvent> {
  static final int MAX_CASE_SYSCALLS = 1 << 16;

  /**
   * The arguments this analyzer reads: those of calls that decide cases (signals sent, forks,
   * execs) and enough calls of each syscall to find an example made inside a case.
   */
  public static final ArgsPolicy ARGS_NEEDED = ArgsPolicy.essential(Set.of("kill", "tgkill",
      "tkill", "clone", "clone3", "fork", "vfork", "execve", "execveat"), 1000);
  private static final int MAX_PENDING = 1024;

  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> names = new ArrayList<>();
  private long[] calls = new long[64];
  private long[] errors = new long[64];
  private long[] micros = new long[64];
  private String[] examples = new String[64];
  private boolean[] exampleInCase = new boolean[64];
  private long[] timedCalls = new long[64];
  /** Per id: what kind of call it is (FORK, KILL, EXEC), worked out once per name. */
  private byte[] kinds = new byte[64];
  private static final byte FORK = 1;
  private static final byte KILL = 2;
  private static final byte EXEC = 4;
  /** The ids of recently seen name strings, by identity: a trace's names are interned. */
  private final String[] recentNames = new String[64];
  private final int[] recentIds = new int[64];

  private final Map<Integer, Proc> procs = new HashMap<>();
  /** The process of the previous event: consecutive events mostly share one. */
  private Proc last;
  private final Map<String, RoleTotal> exitedRoles = new LinkedHashMap<>();
  private final CaseTally stopCases = new CaseTally();
  private final CaseTally lifeCases = new CaseTally();
  /** A child that exited before its parent's window closed, or a window whose child still runs. */
  private final Map<Integer, Half> pendingHalves = new LinkedHashMap<>();

  private record Half(IntSeq seq, long micros, boolean timed, long start, long end, boolean exec,
      boolean isChild) {}

  /** What the analyzer knows about one live process. */
  private static final class Proc {
    final int pid;
    int parent = -1;
    long syscalls;
    int stops;
    boolean stopPending;
    boolean inCase;
    final IntSeq current = new IntSeq(MAX_CASE_SYSCALLS);
    long caseMicros;
    boolean caseTimed = true;
    long caseStart = Long.MIN_VALUE;
    final IntSeq life = new IntSeq(MAX_CASE_SYSCALLS);
    long lifeMicros;
    boolean lifeTimed = true;
    long born = Long.MIN_VALUE;
    boolean execed;
    int forks;
    int resumes;
    // the fork server's window: its syscalls from forking child windowChild to the next fork
    int windowChild = -1;
    final IntSeq window = new IntSeq(MAX_CASE_SYSCALLS);
    long windowMicros;
    boolean windowTimed = true;
    long windowStart = Long.MIN_VALUE;

    Proc(int pid) {
      this.pid = pid;
    }
  }

  /** Processes of one role, added up. */
  private static final class RoleTotal {
    int pids;
    final List<Integer> examples = new ArrayList<>();
    long syscalls;

    void add(Proc p) {
      pids++;
      if (examples.size() < 5) {
        examples.add(p.pid);
      }
      syscalls += p.syscalls;
    }

    RoleTotal copy() {
      RoleTotal c = new RoleTotal();
      c.pids = pids;
      c.examples.addAll(examples);
      c.syscalls = syscalls;
      return c;
    }
  }

  @Override
  public void accept(TraceEvent event) {
    if (event instanceof SyscallEvent s) {
      syscall(s);
    } else if (event instanceof SignalEvent s) {
      signal(s);
    } else if (event instanceof ExitEvent e) {
      exit(e);
    } else if (event instanceof TracerEvent t) {
      proc(t.pid());
    }
  }

  private Proc proc(int pid) {
    Proc p = last;
    if (p != null && p.pid == pid) {
      return p;
    }
    p = procs.get(pid);
    if (p == null) {
      p = new Proc(pid);
      procs.put(pid, p);
    }
    last = p;
    return p;
  }

  private int id(String name) {
    int slot = System.identityHashCode(name) & (recentNames.length - 1);
    if (recentNames[slot] == name) {
      return recentIds[slot];
    }
    int id = slowId(name);
    recentNames[slot] = name;
    recentIds[slot] = id;
    return id;
  }

  private int slowId(String name) {
    Integer id = ids.get(name);
    if (id == null) {
      id = names.size();
      names.add(name);
      ids.put(name, id);
      if (id >= calls.length) {
        int n = calls.length * 2;
        calls = Arrays.copyOf(calls, n);
        errors = Arrays.copyOf(errors, n);
        micros = Arrays.copyOf(micros, n);
        examples = Arrays.copyOf(examples, n);
        exampleInCase = Arrays.copyOf(exampleInCase, n);
        timedCalls = Arrays.copyOf(timedCalls, n);
        kinds = Arrays.copyOf(kinds, n);
      }
      kinds[id] = (byte) ((isFork(name) ? FORK : 0) | (isKill(name) ? KILL : 0)
          | (name.equals("execve") || name.equals("execveat") ? EXEC : 0));
    }
    return id;
  }

  private void syscall(SyscallEvent s) {
    int id = id(s.name());
    calls[id]++;
    if (s.failed()) {
      errors[id]++;
    }
    long dur = s.durationMicros();
    boolean timed = dur >= 0;
    if (timed) {
      micros[id] += dur;
      timedCalls[id]++;
    }
    Proc p = proc(s.pid());
    // an example call, preferably one made inside a case rather than at start-up
    boolean inCase = p.inCase || p.parent >= 0;
    if ((examples[id] == null || (inCase && !exampleInCase[id])) && !s.args().isEmpty()) {
      String a = s.args();
      examples[id] = s.name() + "(" + (a.length() > 100 ? a.substring(0, 100) + "..." : a) + ")";
      exampleInCase[id] = inCase;
    }
    p.syscalls++;
    if (p.inCase) {
      p.current.add(id);
      p.caseMicros += Math.max(dur, 0);
      p.caseTimed &= timed;
    }
    p.life.add(id);
    p.lifeMicros += Math.max(dur, 0);
    p.lifeTimed &= timed;
    byte kind = kinds[id];
    if (p.windowChild >= 0 && (kind & FORK) == 0) {
      p.window.add(id);
      p.windowMicros += Math.max(dur, 0);
      p.windowTimed &= timed;
    }
    if ((kind & EXEC) != 0) {
      if (!s.failed()) {
        p.execed = true;
      }
    } else if ((kind & FORK) != 0 && s.hasResult() && s.result() > 0 && !s.args().contains("CLONE_THREAD")) {
      fork(p, (int) s.result(), id, s);
    }
    boolean stopsItself = false;
    if ((kind & KILL) != 0) {
      if (sends(s.args(), "STOP")) {
        stopsItself = targetsSelf(p.pid, s.args());
      } else if (sends(s.args(), "CONT")) {
        p.resumes++;
      }
    }
    if (stopsItself) {
      boundary(p, s.timeMicros());
    }
    p.stopPending = stopsItself;
  }

  private void signal(SignalEvent s) {
    if (!s.signal().equals("SIGSTOP")) {
      return;
    }
    Proc p = proc(s.pid());
    if (!p.stopPending) {
      boundary(p, s.timeMicros());
      p.stopPending = true;
    }
  }

  /** A stop ends the case in progress and starts the next one. */
  private void boundary(Proc p, long time) {
    if (p.inCase && !p.current.overflowed()) {
      stopCases.add(p.current, p.caseMicros, p.caseTimed, p.caseStart, time, false);
    }
    p.stops++;
    p.inCase = true;
    p.current.clear();
    p.caseMicros = 0;
    p.caseTimed = true;
    p.caseStart = time;
  }

  private void fork(Proc parent, int childPid, int forkId, SyscallEvent s) {
    parent.forks++;
    Proc child = proc(childPid);
    child.parent = parent.pid;
    child.born = s.timeMicros();
    closeWindow(parent, s.timeMicros());
    parent.windowChild = childPid;
    parent.window.clear();
    parent.window.add(forkId);
    parent.windowMicros = Math.max(s.durationMicros(), 0);
    parent.windowTimed = s.hasDuration();
    parent.windowStart = s.timeMicros();
  }

  private void closeWindow(Proc parent, long end) {
    if (parent.windowChild < 0 || parent.window.overflowed()) {
      return;
    }
    IntSeq copy = new IntSeq(MAX_CASE_SYSCALLS);
    copy.addAll(parent.window);
    Half half = new Half(copy, parent.windowMicros, parent.windowTimed, parent.windowStart, end,
        false, false);
    join(parent.windowChild, half);
    parent.windowChild = -1;
  }

  /** Pairs a fork server's window with its child's life; the two make one case. */
  private void join(int childPid, Half half) {
    Half other = pendingHalves.remove(childPid);
    if (other == null) {
      if (pendingHalves.size() >= MAX_PENDING) {
        Integer oldest = pendingHalves.keySet().iterator().next();
        pendingHalves.remove(oldest);
      }
      pendingHalves.put(childPid, half);
      return;
    }
    Half server = half.isChild() ? other : half;
    Half child = half.isChild() ? half : other;
    IntSeq seq = new IntSeq(MAX_CASE_SYSCALLS);
    seq.addAll(server.seq());
    seq.addAll(child.seq());
    if (!seq.overflowed()) {
      long start = server.start() == Long.MIN_VALUE ? child.start() : server.start();
      long end = Math.max(server.end(), child.end());
      lifeCases.add(seq, server.micros() + child.micros(), server.timed() && child.timed(),
          start, end, child.exec());
    }
  }

  private void exit(ExitEvent e) {
    if (e.kind() == ExitEvent.Kind.SUPERSEDED) {
      return;
    }
    Proc p = procs.remove(e.pid());
    if (last == p) {
      last = null;
    }
    if (p == null) {
      return;
    }
    if (p.parent >= 0 && !p.life.overflowed()) {
      join(p.pid, new Half(p.life, p.lifeMicros, p.lifeTimed, p.born, e.timeMicros(), p.execed,
          true));
    }
    exitedRoles.computeIfAbsent(role(p), r -> new RoleTotal()).add(p);
  }

  private static String role(Proc p) {
    if (p.stops >= 2) {
      return "target";
    }
    if (p.forks >= 2 || p.resumes >= 1) {
      return "forkserver";
    }
    if (p.parent >= 0) {
      return "child";
    }
    return "other";
  }

  static boolean isFork(String name) {
    return name.equals("clone") || name.equals("clone3") || name.equals("fork")
        || name.equals("vfork");
  }

  static boolean isKill(String name) {
    return name.equals("kill") || name.equals("tgkill") || name.equals("tkill");
  }

  /** strace prints SIGSTOP, perf trace prints {@code sig: STOP}. */
  private static boolean sends(String args, String sig) {
    return args.contains("SIG" + sig) || args.contains("sig: " + sig);
  }

  /** kill(0 or own pid, ...), tgkill(own pid, ...): the first number in the arguments. */
  private static boolean targetsSelf(int pid, String args) {
    if (pid == TraceEvent.UNKNOWN_PID) {
      return true;
    }
    int i = 0;
    int n = args.length();
    while (i < n && !Character.isDigit(args.charAt(i)) && args.charAt(i) != '-') {
      i++;
    }
    int j = i < n && args.charAt(i) == '-' ? i + 1 : i;
    while (j < n && Character.isDigit(args.charAt(j))) {
      j++;
    }
    if (j == i) {
      return true;
    }
    try {
      long target = Long.parseLong(args.substring(i, j));
      return target == pid || target == 0;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  /** Ends the stream and computes the report. */
  public TraceReport finish(ParseStats stats, String format) {
    // A fork server's window still open at the end is a partial last case: dropped.
    Mode mode;
    CaseTally tally;
    if (stopCases.cases == 0 && lifeCases.cases == 0) {
      mode = Mode.UNKNOWN;
      tally = stopCases;
    } else if (stopCases.cases >= lifeCases.cases) {
      tally = stopCases;
      mode = readsPerCase(tally) >= 0.5 ? Mode.PERSISTENT : Mode.SHMEM;
    } else {
      tally = lifeCases;
      mode = tally.execCases * 2 > tally.cases ? Mode.EXEC : Mode.FORKSERVER;
    }
    long cases = tally.cases;
    Distribution perCase = cases == 0
        ? new Distribution(0, 0, 0, 0, 0)
        : new Distribution((double) tally.syscalls / cases, tally.lengthQuantile(0.5),
            tally.lengthQuantile(0.99), tally.lengths().firstKey(), tally.lengths().lastKey());
    Signature signature = signature(tally);
    List<SyscallStat> perSyscall = perSyscall(tally, signature.calls());
    List<ProcessGroup> processes = processes(cases);
    Double kernelPerCase = cases > 0 && tally.untimedCases * 2 < cases
        ? (double) tally.kernelMicros / cases : null;
    Double seconds = null;
    Double rate = null;
    if (tally.timedSpanCases >= 2 && tally.lastEnd > tally.firstStart) {
      seconds = (tally.lastEnd - tally.firstStart) / 1e6;
      rate = tally.timedSpanCases / seconds;
    }
    // a call left unfinished when tracing stopped is normal (the process was blocked in it)
    boolean partial = !stats.complete();
    InputSummary input = new InputSummary(format, stats.lines(), stats.events(),
        stats.skippedLines(), stats.endsMidLine(), partial);
    TraceReport draft = new TraceReport(mode, cases, perCase.mean(), perCase, signature, perSyscall, processes,
        kernelPerCase, rate, seconds, input, List.of());
    return new TraceReport(mode, cases, perCase.mean(), perCase, signature, perSyscall, processes, kernelPerCase,
        rate, seconds, input, TraceFindings.evaluate(draft, stats));
  }

  private double readsPerCase(CaseTally tally) {
    long reads = 0;
    for (String name : SyscallKinds.INPUT_READS) {
      Integer id = ids.get(name);
      if (id != null) {
        reads += tally.callsOf(id);
      }
    }
    return tally.cases == 0 ? 0 : (double) reads / tally.cases;
  }

  private Signature signature(CaseTally tally) {
    Map.Entry<CaseTally.Sequence, long[]> best = tally.commonest();
    if (best == null) {
      return new Signature(List.of(), 0, 0);
    }
    List<String> seq = new ArrayList<>();
    for (int id : best.getKey().ids()) {
      seq.add(names.get(id));
    }
    int distinct = tally.signatures.size() + (tally.casesOutsideSignatures > 0 ? 1 : 0);
    return new Signature(seq, (double) best.getValue()[0] / tally.cases, distinct);
  }

  /** Commonest per case first; ties in the order the per-case sequence makes them. */
  private List<SyscallStat> perSyscall(CaseTally tally, List<String> sequence) {
    List<SyscallStat> out = new ArrayList<>();
    for (int id = 0; id < names.size(); id++) {
      boolean timed = timedCalls[id] > 0;
      double perCase = tally.cases == 0 ? 0 : (double) tally.callsOf(id) / tally.cases;
      out.add(new SyscallStat(names.get(id), calls[id], errors[id], perCase,
          timed ? micros[id] : null, examples[id]));
    }
    Comparator<SyscallStat> inSequence = Comparator.comparingInt(s -> {
      int i = sequence.indexOf(s.name());
      return i < 0 ? Integer.MAX_VALUE : i;
    });
    out.sort(Comparator.comparingDouble((SyscallStat s) -> Math.round(s.perCase() * 10) / 10.0)
        .reversed()
        .thenComparing(inSequence)
        .thenComparing(Comparator.comparingLong(SyscallStat::calls).reversed())
        .thenComparing(SyscallStat::name));
    return out;
  }

  private List<ProcessGroup> processes(long cases) {
    Map<String, RoleTotal> all = new LinkedHashMap<>();
    exitedRoles.forEach((role, t) -> all.put(role, t.copy()));
    for (Proc p : procs.values()) {
      if (p.syscalls > 0 || p.stops > 0) {
        all.computeIfAbsent(role(p), r -> new RoleTotal()).add(p);
      }
    }
    List<ProcessGroup> out = new ArrayList<>();
    for (String role : List.of("target", "forkserver", "child", "other")) {
      RoleTotal t = all.get(role);
      if (t != null) {
        out.add(new ProcessGroup(role, t.pids, t.examples, t.syscalls,
            cases == 0 ? 0 : (double) t.syscalls / cases));
      }
    }
    return out;
  }
}
