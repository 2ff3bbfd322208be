package dev.fuzzprof.service;

import dev.fuzzprof.acquire.afl.AflInstanceFiles;
import dev.fuzzprof.acquire.afl.AflOutputDir;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.analyze.top.InstanceSample;
import dev.fuzzprof.analyze.top.ProcessSample;
import dev.fuzzprof.analyze.top.Role;
import dev.fuzzprof.analyze.top.TopSample;
import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.FuzzerStatsParser;
import dev.fuzzprof.parse.proc.ProcStat;
import dev.fuzzprof.parse.proc.PidStatus;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what {@code fuzzprof top} shows, once per call: /proc/stat, the running afl-fuzz
 * processes (found by name in /proc, or by the pids an output directory's fuzzer_stats name),
 * each one's process tree and its fuzzer_stats.
 */
public final class TopSampler {
  private final ProcFs proc;
  private final Path outDir;

  /** @param outDir the afl-fuzz -o directory; null to find running afl-fuzz processes */
  public TopSampler(ProcFs proc, Path outDir) {
    this.proc = proc;
    this.outDir = outDir == null ? null : outDir.toAbsolutePath().normalize();
    if (this.outDir != null) {
      AflOutputDir.read(this.outDir); // a wrong directory is the user's error, said up front
    }
  }

  public TopSample sample() {
    long nanos = System.nanoTime();
    ProcStat stat = proc.stat().orElseThrow(
        () -> FuzzprofException.data(proc.root() + "/stat is not readable"));
    List<String> notes = new ArrayList<>();
    List<RunningAfl> running = runningAfl();
    Map<String, InstanceSample> out = new LinkedHashMap<>();
    if (outDir == null) {
      for (RunningAfl r : running) {
        FuzzerStats stats = r.outDir() == null ? null : statsOf(r.outDir().resolve(r.name()));
        out.put(r.name() + "/" + r.pid(), instance(r.name(), r.pid(), r.role(), stats));
      }
      if (running.isEmpty()) {
        notes.add("no running afl-fuzz found (give OUT_DIR to watch a campaign's directory)");
      }
    } else {
      List<AflInstanceFiles> dirs;
      try {
        dirs = AflOutputDir.read(outDir);
      } catch (FuzzprofException e) {
        dirs = List.of();
        notes.add(e.getMessage());
      }
      for (AflInstanceFiles f : dirs) {
        FuzzerStats stats = f.fuzzerStats() == null ? null : FuzzerStatsParser.parse(f.fuzzerStats());
        Path dir = Path.of(f.dir());
        Optional<RunningAfl> r = running.stream()
            .filter(a -> a.outDir() != null && a.outDir().resolve(a.name()).equals(dir)).findFirst();
        int pid = -1;
        Role role = Role.SINGLE;
        if (r.isPresent()) {
          pid = r.get().pid();
          role = r.get().role();
        } else if (stats != null && stats.fuzzerPid() != null && isAfl(stats.fuzzerPid())) {
          pid = stats.fuzzerPid();
        }
        if (stats != null && stats.commandLine() != null && r.isEmpty()) {
          role = Role.ofArgs(List.of(stats.commandLine().split("\\s+")));
        }
        out.put(f.name() + "/" + pid, instance(f.name(), pid, role, stats));
      }
      for (RunningAfl r : running) {
        if (outDir.equals(r.outDir()) && !out.containsKey(r.name() + "/" + r.pid())) {
          out.put(r.name() + "/" + r.pid(), instance(r.name(), r.pid(), r.role(), null));
        }
      }
    }
    return new TopSample(nanos, stat, List.copyOf(out.values()), notes);
  }

  private InstanceSample instance(String name, int pid, Role role, FuzzerStats stats) {
    if (pid <= 0) {
      return new InstanceSample(name, -1, role, null, List.of(), stats);
    }
    PidStatus status = proc.pidStatus(pid).orElse(null);
    List<ProcessSample> tree = new ArrayList<>();
    proc.pidStat(pid).ifPresent(s -> tree.add(new ProcessSample(pid, s,
        proc.schedstat(pid).orElse(null))));
    if (!tree.isEmpty()) {
      for (int child : proc.descendants(pid)) {
        proc.pidStat(child).ifPresent(s -> tree.add(new ProcessSample(child, s,
            proc.schedstat(child).orElse(null))));
      }
    }
    return new InstanceSample(name, tree.isEmpty() ? -1 : pid, role, status, List.copyOf(tree),
        stats);
  }

  private static FuzzerStats statsOf(Path instanceDir) {
    try {
      Path f = instanceDir.resolve("fuzzer_stats");
      return Files.isRegularFile(f)
          ? FuzzerStatsParser.parse(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1))
          : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private boolean isAfl(int pid) {
    return proc.comm(pid).filter("afl-fuzz"::equals).isPresent();
  }

  /** An afl-fuzz process and what its command line says. */
  record RunningAfl(int pid, String name, Role role, Path outDir) {}

  /** Every afl-fuzz in /proc, with its -o directory resolved against its working directory. */
  List<RunningAfl> runningAfl() {
    List<RunningAfl> out = new ArrayList<>();
    for (int pid : proc.pids()) {
      if (!isAfl(pid)) {
        continue;
      }
      List<String> args = proc.cmdline(pid);
      String o = flagValue(args, "-o");
      String name = flagValue(args, "-M");
      if (name == null) {
        name = flagValue(args, "-S");
      }
      Path dir = null;
      if (o != null) {
        Path p = Path.of(o);
        if (!p.isAbsolute()) {
          try {
            p = Files.readSymbolicLink(proc.root().resolve(pid + "/cwd")).resolve(p);
          } catch (IOException | RuntimeException e) {
            p = null;
          }
        }
        dir = p == null ? null : p.normalize();
      }
      out.add(new RunningAfl(pid, name == null ? "default" : name, Role.ofArgs(args), dir));
    }
    return out;
  }

  /** The value of an afl-fuzz flag, {@code -o DIR} or {@code -oDIR}; options end at "--". */
  static String flagValue(List<String> args, String flag) {
    for (int i = 1; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--")) {
        return null;
      }
      if (a.equals(flag)) {
        return i + 1 < args.size() ? args.get(i + 1) : null;
      }
      if (a.startsWith(flag) && a.length() > flag.length()) {
        return a.substring(flag.length());
      }
    }
    return null;
  }
}
