package dev.fuzzprof.acquire.proc;

import dev.fuzzprof.parse.proc.EnvironParser;
import dev.fuzzprof.parse.proc.PidStat;
import dev.fuzzprof.parse.proc.PidStatParser;
import dev.fuzzprof.parse.proc.PidStatus;
import dev.fuzzprof.parse.proc.PidStatusParser;
import dev.fuzzprof.parse.proc.ProcessMoment;
import dev.fuzzprof.parse.proc.ProcStat;
import dev.fuzzprof.parse.proc.ProcStatParser;
import dev.fuzzprof.parse.proc.Schedstat;
import dev.fuzzprof.parse.proc.SchedstatParser;
import dev.fuzzprof.parse.proc.UptimeParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Reads /proc under a root of the caller's choosing: {@code /proc} live, a fake tree in tests,
 * a replayed snapshot. Each getter reads one file and hands the text to its pure parser; a file
 * that is gone (the process exited) gives an empty result, never an exception.
 */
public final class ProcFs {
  private final Path root;
  private final BiConsumer<String, String> recorder;

  public ProcFs(Path root) {
    this(root, (path, text) -> { });
  }

  private ProcFs(Path root, BiConsumer<String, String> recorder) {
    this.root = root;
    this.recorder = recorder;
  }

  /** The live /proc of this machine. */
  public static ProcFs live() {
    return new ProcFs(Path.of("/proc"));
  }

  /** The same reader, also telling {@code recorder} each file read (relative path, text). */
  public ProcFs recording(BiConsumer<String, String> recorder) {
    return new ProcFs(root, recorder);
  }

  public Path root() {
    return root;
  }

  /** The text of a file under the root, e.g. {@code 1234/status}; empty when unreadable. */
  public Optional<String> read(String relative) {
    try {
      String text = Files.readString(root.resolve(relative), StandardCharsets.ISO_8859_1);
      recorder.accept(relative, text);
      return Optional.of(text);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public Optional<ProcStat> stat() {
    return read("stat").map(ProcStatParser::parse);
  }

  public OptionalDouble uptime() {
    return read("uptime").map(UptimeParser::parse).orElse(OptionalDouble.empty());
  }

  public Optional<PidStat> pidStat(int pid) {
    return read(pid + "/stat").flatMap(PidStatParser::parse);
  }

  public Optional<PidStat> taskStat(int pid, int tid) {
    return read(pid + "/task/" + tid + "/stat").flatMap(PidStatParser::parse);
  }

  public Optional<PidStatus> pidStatus(int pid) {
    return read(pid + "/status").map(PidStatusParser::parse);
  }

  public Optional<PidStatus> taskStatus(int pid, int tid) {
    return read(pid + "/task/" + tid + "/status").map(PidStatusParser::parse);
  }

  public Optional<Schedstat> schedstat(int pid) {
    return read(pid + "/schedstat").flatMap(SchedstatParser::parse);
  }

  public Optional<Schedstat> taskSchedstat(int pid, int tid) {
    return read(pid + "/task/" + tid + "/schedstat").flatMap(SchedstatParser::parse);
  }

  /** The process now: stat, status and schedstat; empty when it is gone or a zombie. */
  public Optional<ProcessMoment> moment(int pid) {
    return pidStat(pid).filter(s -> s.state() != 'Z').map(s -> new ProcessMoment(s,
        pidStatus(pid).orElse(null), schedstat(pid).orElse(null)));
  }

  /**
   * A process and its descendants now, the process first; empty when it is gone. Zombie
   * descendants are kept: their CPU time is not yet in their parent's cutime/cstime.
   */
  public List<ProcessMoment> tree(int pid) {
    Optional<ProcessMoment> root = moment(pid);
    if (root.isEmpty()) {
      return List.of();
    }
    List<ProcessMoment> out = new ArrayList<>();
    out.add(root.get());
    for (int p : descendants(pid)) {
      pidStat(p).ifPresent(s -> out.add(new ProcessMoment(s, pidStatus(p).orElse(null),
          schedstat(p).orElse(null))));
    }
    return List.copyOf(out);
  }

  /**
   * The target of /proc/PID/cwd, empty when it cannot be read. A replayed tree holds it as a
   * plain file with the path as its text (that is how a recording keeps it).
   */
  public Optional<Path> cwd(int pid) {
    Path link = root.resolve(pid + "/cwd");
    try {
      if (Files.isSymbolicLink(link)) {
        Path target = Files.readSymbolicLink(link);
        recorder.accept(pid + "/cwd", target.toString());
        return Optional.of(target);
      }
      if (Files.isRegularFile(link)) {
        return Optional.of(Path.of(Files.readString(link, StandardCharsets.UTF_8).strip()));
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The command name (at most 15 characters), without the newline. */
  public Optional<String> comm(int pid) {
    return read(pid + "/comm").map(String::strip);
  }

  /** The arguments the process was started with; empty for a kernel thread or a gone pid. */
  public List<String> cmdline(int pid) {
    return read(pid + "/cmdline")
        .map(t -> t.isEmpty() ? List.<String>of() : List.of(t.split("\0")))
        .orElse(List.of());
  }

  /**
   * The environment the process was started with (readable for one's own processes, or as root);
   * empty when gone or not readable.
   */
  public Map<String, String> environ(int pid) {
    return read(pid + "/environ").map(EnvironParser::parse).orElse(Map.of());
  }

  public boolean exists(int pid) {
    return pid > 0 && Files.isDirectory(root.resolve(Integer.toString(pid)));
  }

  /** Where a process's file descriptor points ({@code /proc/PID/fd/N}), when it can be read. */
  public Optional<Path> fdTarget(int pid, int fd) {
    try {
      return Optional.of(Files.readSymbolicLink(root.resolve(pid + "/fd/" + fd)));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** The executable a process runs ({@code /proc/PID/exe}), when it can be read. */
  public Optional<Path> exe(int pid) {
    try {
      return Optional.of(Files.readSymbolicLink(root.resolve(pid + "/exe")));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty();
    }
  }

  /** Alive and not a zombie: its status says neither Z nor X (a stopped one, T, runs). */
  public boolean running(int pid) {
    return pidStatus(pid).map(s -> s.state().strip())
        .map(st -> !st.isEmpty() && !st.startsWith("Z") && !st.startsWith("X")).orElse(false);
  }

  /** True when the process has a JVM loaded (libjvm.so in its memory map). */
  public boolean isJvm(int pid) {
    return read(pid + "/maps")
        .map(m -> m.lines().anyMatch(l -> l.endsWith("/libjvm.so"))).orElse(false);
  }

  /** The process, then all its descendants alive now (what a profiler attaches to). */
  public List<Integer> withDescendants(int pid) {
    List<Integer> out = new ArrayList<>(List.of(pid));
    if (exists(pid)) {
      out.addAll(descendants(pid));
    }
    return List.copyOf(out);
  }

  /** Every pid under the root. */
  public List<Integer> pids() {
    return numberedEntries(root);
  }

  /** The thread ids of a process. */
  public List<Integer> tasks(int pid) {
    return numberedEntries(root.resolve(pid + "/task"));
  }

  /**
   * The direct children of a process, from /proc/PID/task/TID/children; when the kernel has no
   * such file (CONFIG_PROC_CHILDREN off), by scanning every process's parent.
   */
  public List<Integer> children(int pid) {
    Set<Integer> kids = new LinkedHashSet<>();
    boolean any = false;
    for (int tid : tasks(pid)) {
      Optional<String> text = read(pid + "/task/" + tid + "/children");
      if (text.isPresent()) {
        any = true;
        for (String s : text.get().trim().split("\\s+")) {
          if (!s.isEmpty()) {
            try {
              kids.add(Integer.parseInt(s));
            } catch (NumberFormatException e) {
              // not a pid: ignore
            }
          }
        }
      }
    }
    if (!any) {
      for (int p : pids()) {
        pidStat(p).filter(s -> s.ppid() == pid).ifPresent(s -> kids.add(p));
      }
    }
    return List.copyOf(kids);
  }

  /** Children, grandchildren and so on (a fork server, its target), nearest first. */
  public List<Integer> descendants(int pid) {
    List<Integer> out = new ArrayList<>();
    Deque<Integer> todo = new ArrayDeque<>(children(pid));
    Map<Integer, Boolean> seen = new HashMap<>();
    while (!todo.isEmpty() && out.size() < 10_000) {
      int p = todo.poll();
      if (seen.put(p, true) != null) {
        continue;
      }
      out.add(p);
      todo.addAll(children(p));
    }
    return out;
  }

  private static List<Integer> numberedEntries(Path dir) {
    List<Integer> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (!n.isEmpty() && n.chars().allMatch(Character::isDigit) && n.length() < 10) {
          out.add(Integer.parseInt(n));
        }
      }
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    out.sort(null);
    return out;
  }
}
