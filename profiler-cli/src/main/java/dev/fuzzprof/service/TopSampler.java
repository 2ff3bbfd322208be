package dev.fuzzprof.service;

import dev.fuzzprof.acquire.afl.AflOutputDir;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.analyze.top.InstanceSample;
import dev.fuzzprof.analyze.top.ProcessSample;
import dev.fuzzprof.analyze.top.Role;
import dev.fuzzprof.analyze.top.TopSample;
import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.FuzzerStatsParser;
import dev.fuzzprof.parse.afl.PlotDataParser;
import dev.fuzzprof.parse.afl.PlotPoint;
import dev.fuzzprof.parse.proc.ProcStat;
import dev.fuzzprof.parse.proc.PidStatus;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
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
  static final int PLOT_HEAD = 1024;
  static final int PLOT_TAIL = 4096;

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
        Path dir = r.outDir() == null ? null : r.outDir().resolve(r.name());
        out.put(r.name() + "/" + r.pid(), instance(r.name(), r.pid(), r.role(), statsOf(dir),
            lastPlot(dir)));
      }
      if (running.isEmpty()) {
        notes.add("no running afl-fuzz found (give OUT_DIR to watch a campaign's directory)");
      }
    } else {
      List<Path> dirs = instanceDirs(outDir);
      if (dirs.isEmpty()) {
        notes.add(outDir + " has no instance folders now");
      }
      for (Path dir : dirs) {
        FuzzerStats stats = statsOf(dir);
        String name = dir.getFileName().toString();
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
        out.put(name + "/" + pid, instance(name, pid, role, stats, lastPlot(dir)));
      }
      for (RunningAfl r : running) {
        if (outDir.equals(r.outDir()) && !out.containsKey(r.name() + "/" + r.pid())) {
          out.put(r.name() + "/" + r.pid(), instance(r.name(), r.pid(), r.role(), null, null));
        }
      }
    }
    return new TopSample(nanos, stat, List.copyOf(out.values()), notes);
  }

  private InstanceSample instance(String name, int pid, Role role, FuzzerStats stats,
      PlotPoint plot) {
    if (pid <= 0) {
      return new InstanceSample(name, -1, role, null, List.of(), stats, plot);
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
        stats, plot);
  }

  /**
   * The instance folders of an output directory, as AflOutputDir finds them, but without reading
   * their files: this runs every refresh.
   */
  static List<Path> instanceDirs(Path outDir) {
    if (isInstance(outDir)) {
      return List.of(outDir);
    }
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(outDir)) {
      for (Path p : ds) {
        if (Files.isDirectory(p) && isInstance(p)) {
          out.add(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    out.sort(null);
    return out;
  }

  private static boolean isInstance(Path p) {
    return Files.isRegularFile(p.resolve("fuzzer_stats"))
        || Files.isRegularFile(p.resolve("plot_data")) || Files.isDirectory(p.resolve("queue"));
  }

  private static FuzzerStats statsOf(Path instanceDir) {
    if (instanceDir == null) {
      return null;
    }
    try {
      Path f = instanceDir.resolve("fuzzer_stats");
      return Files.isRegularFile(f)
          ? FuzzerStatsParser.parse(Files.readString(f, StandardCharsets.ISO_8859_1)) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The newest plot_data row: its header line and its last few KB are all that is read. */
  static PlotPoint lastPlot(Path instanceDir) {
    if (instanceDir == null) {
      return null;
    }
    Path f = instanceDir.resolve("plot_data");
    try (SeekableByteChannel ch = Files.newByteChannel(f)) {
      long size = ch.size();
      ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, PLOT_HEAD));
      while (head.hasRemaining() && ch.read(head) > 0) {
        // fill
      }
      String headText = new String(head.array(), 0, head.position(), StandardCharsets.ISO_8859_1);
      int nl = headText.indexOf('\n');
      String header = headText.startsWith("#") && nl > 0 ? headText.substring(0, nl + 1) : "";
      long from = Math.max(0, size - PLOT_TAIL);
      ch.position(from);
      ByteBuffer tail = ByteBuffer.allocate((int) (size - from));
      while (tail.hasRemaining() && ch.read(tail) > 0) {
        // fill
      }
      String tailText = new String(tail.array(), 0, tail.position(), StandardCharsets.ISO_8859_1);
      if (from > 0) {
        int cut = tailText.indexOf('\n');
        tailText = cut < 0 ? "" : tailText.substring(cut + 1);
      }
      List<PlotPoint> points = PlotDataParser.parse(
          from > 0 || !tailText.startsWith("#") ? header + tailText : tailText).points();
      return points.isEmpty() ? null : points.get(points.size() - 1);
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
