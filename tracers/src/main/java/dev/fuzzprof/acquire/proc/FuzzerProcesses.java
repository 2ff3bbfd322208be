package dev.fuzzprof.acquire.proc;

import dev.fuzzprof.parse.afl.AflArgs;
import dev.fuzzprof.parse.afl.AflCommandLineParser;
import dev.fuzzprof.parse.proc.PidStat;
import java.nio.file.Path;
import java.util.ArrayList;
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
}
