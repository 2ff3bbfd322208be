package dev.fuzzprof.acquire.proc;

import dev.fuzzprof.parse.afl.AflArgs;
import dev.fuzzprof.parse.afl.AflCommandLineParser;
import dev.fuzzprof.parse.proc.PidStat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.Optional;

/**
 * The one discovery of running fuzzer processes: every afl-fuzz in /proc with what its command
 * line says (name, role, -o, -i, -b), its -o resolved against its working directory.
 */
public final class FuzzerProcesses {
  private final ProcFs proc;

  public FuzzerProcesses(ProcFs proc) {
    this.proc = proc;
  }

  /**
   * A running afl-fuzz.
   *
   * @param instanceDir {@code OUT/NAME}, absolute and normalised; null when -o is unknown
   * @param startTime /proc/PID/stat starttime, to tell the process from a recycled pid
   */
  public record FuzzerProcess(int pid, AflArgs args, Path instanceDir, long startTime) {
    public String name() {
      return args.name();
    }
  }

  /** Every afl-fuzz running now, by pid. */
  public List<FuzzerProcess> running() {
    List<FuzzerProcess> out = new ArrayList<>();
    for (int pid : proc.pids()) {
      Optional<PidStat> st = proc.pidStat(pid);
      if (st.isEmpty() || st.get().state() == 'Z' || !isAflFuzz(pid, st.get())) {
        continue;
      }
      // afl-fuzz's fork server is a child named after the target, never afl-fuzz; but a
      // renamed afl-fuzz forks copies of itself only briefly: skip children of afl-fuzz
      if (proc.pidStat(st.get().ppid()).map(p -> isAflFuzz(p.pid(), p)).orElse(false)) {
        continue;
      }
      List<String> argv = proc.cmdline(pid);
      AflArgs args = AflCommandLineParser.parse(argv);
      Path dir = null;
      if (args.outDir() != null) {
        Path o = Path.of(args.outDir());
        if (!o.isAbsolute()) {
          o = proc.cwd(pid).map(c -> c.resolve(args.outDir())).orElse(null);
        }
        dir = o == null ? null : o.resolve(args.name()).toAbsolutePath().normalize();
      }
      out.add(new FuzzerProcess(pid, args, dir, st.get().startTime()));
    }
    return out;
  }

  /** afl-fuzz by its comm, or by argv[0] when the comm was changed. */
  public boolean isAflFuzz(int pid, PidStat st) {
    if (st.comm().equals("afl-fuzz")) {
      return true;
    }
    List<String> argv = proc.cmdline(pid);
    return !argv.isEmpty() && (argv.get(0).endsWith("/afl-fuzz") || argv.get(0).equals("afl-fuzz"));
  }

  /** Whether this pid is an afl-fuzz now. */
  public boolean isAflFuzz(int pid) {
    return proc.pidStat(pid).filter(s -> s.state() != 'Z').map(s -> isAflFuzz(pid, s))
        .orElse(false);
  }

  /**
   * The live process writing each of {@code logs} (its standard output or error is that file),
   * as libFuzzer's {@code -jobs} workers do; a log nobody writes is absent. Where a shell and
   * the worker both hold it, the worker (not named sh) wins; among several (a {@code -fork}
   * parent and the children that inherited its stderr), the one that started first.
   */
  public Map<Path, Integer> logWriters(Collection<Path> logs) {
    Map<Path, Long> started = new HashMap<>();
    Set<Path> wanted = new HashSet<>();
    logs.forEach(l -> wanted.add(l.toAbsolutePath().normalize()));
    Map<Path, Integer> out = new HashMap<>();
    if (wanted.isEmpty()) {
      return out;
    }
    for (int pid : proc.pids()) {
      for (int fd : new int[] {2, 1}) {
        Optional<Path> t = proc.fdTarget(pid, fd);
        if (t.isEmpty() || !wanted.contains(t.get())) {
          continue;
        }
        Optional<PidStat> st = proc.pidStat(pid);
        if (st.isEmpty() || st.get().state() == 'Z') {
          break;
        }
        boolean shell = st.get().comm().equals("sh") || st.get().comm().equals("bash");
        // shells rank after every fuzzer; among fuzzers the earliest start wins
        long rank = (shell ? Long.MAX_VALUE / 2 : 0) + st.get().startTime();
        Long had = started.get(t.get());
        if (had == null || rank < had) {
          out.put(t.get(), pid);
          started.put(t.get(), rank);
        }
        break;
      }
    }
    return out;
  }

  /**
   * libFuzzer processes running now (a binary linked with libFuzzer's driver: its executable
   * holds libFuzzer's {@code INFO: Seed:} message and the {@code LLVMFuzzerTestOneInput} name;
   * or a JVM with Jazzer's driver library mapped), with the fuzzer's own flags; a {@code -jobs}
   * controller is listed too (its argv says so).
   */
  public List<LibFuzzerProcess> libFuzzers() {
    List<LibFuzzerProcess> out = new ArrayList<>();
    for (int pid : proc.pids()) {
      Optional<PidStat> st = proc.pidStat(pid);
      if (st.isEmpty() || st.get().state() == 'Z') {
        continue;
      }
      Optional<Path> exe = proc.exe(pid);
      if (exe.isEmpty() || !LibFuzzerBinaries.isLibFuzzer(exe.get(), proc.root(), pid)
          && jazzerDriver(pid).isEmpty()) {
        continue;
      }
      List<String> argv = proc.cmdline(pid);
      out.add(new LibFuzzerProcess(pid, st.get().ppid(), exe.get(), argv,
          argv.stream().anyMatch(a -> a.startsWith("-jobs=") || a.startsWith("-fork="))
              && argv.stream().noneMatch(a -> a.startsWith("-fork_corpus_groups")),
          st.get().startTime()));
    }
    return out;
  }

  /**
   * The Jazzer driver library a JVM has loaded ({@code libjazzer_driver*.so}, unpacked by Jazzer
   * into a temporary folder), or empty when {@code pid} is no Jazzer.
   */
  public Optional<Path> jazzerDriver(int pid) {
    return proc.read(pid + "/maps").flatMap(m -> m.lines()
        .map(l -> l.substring(l.lastIndexOf(' ') + 1))
        .filter(f -> f.startsWith("/") && f.contains("libjazzer_driver") && f.endsWith(".so"))
        .findFirst().map(Path::of));
  }

  /** Whether {@code pid} runs a binary with libFuzzer linked in (see {@link #libFuzzers}). */
  public boolean isLibFuzzer(int pid) {
    return proc.exe(pid).map(e -> LibFuzzerBinaries.isLibFuzzer(e, proc.root(), pid))
        .orElse(false);
  }

  /**
   * A running libFuzzer binary.
   *
   * @param controller true for a {@code -jobs}/{@code -fork} parent that runs no input itself
   */
  public record LibFuzzerProcess(int pid, int ppid, Path exe, List<String> argv,
      boolean controller, long startTime) {}
}
