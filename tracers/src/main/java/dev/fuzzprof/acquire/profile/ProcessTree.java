package dev.fuzzprof.acquire.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** What /proc says about a process: alive, stopped, its children, whether it is a JVM. */
public final class ProcessTree {
  private final Path proc;

  public ProcessTree(Path proc) {
    this.proc = proc;
  }

  public static ProcessTree system() {
    return new ProcessTree(Path.of("/proc"));
  }

  public boolean exists(long pid) {
    return pid > 0 && Files.isDirectory(proc.resolve(Long.toString(pid)));
  }

  /** The one-letter state from /proc/PID/status (R, S, T, t, Z, ...), empty when gone. */
  public Optional<String> state(long pid) {
    return readLines(proc.resolve(pid + "/status")).stream()
        .filter(l -> l.startsWith("State:"))
        .map(l -> l.substring("State:".length()).strip())
        .filter(s -> !s.isEmpty())
        .map(s -> s.substring(0, 1))
        .findFirst();
  }

  /** Alive and not a zombie. */
  public boolean running(long pid) {
    return state(pid).map(s -> !s.equals("Z") && !s.equals("X")).orElse(false);
  }

  public String comm(long pid) {
    List<String> l = readLines(proc.resolve(pid + "/comm"));
    return l.isEmpty() ? "?" : l.get(0).strip();
  }

  /** The process and all its descendants alive now, the process first. */
  public List<Long> withDescendants(long pid) {
    Set<Long> seen = new LinkedHashSet<>();
    List<Long> todo = new ArrayList<>(List.of(pid));
    while (!todo.isEmpty()) {
      long p = todo.remove(0);
      if (!seen.add(p)) {
        continue;
      }
      Path tasks = proc.resolve(p + "/task");
      try (Stream<Path> s = Files.list(tasks)) {
        for (Path t : (Iterable<Path>) s::iterator) {
          for (String line : readLines(t.resolve("children"))) {
            for (String c : line.strip().split("\\s+")) {
              if (!c.isEmpty()) {
                todo.add(Long.parseLong(c));
              }
            }
          }
        }
      } catch (IOException | NumberFormatException e) {
        // gone, or not ours to read: keep what was found
      }
    }
    return List.copyOf(seen);
  }

  /** True when the process has a JVM loaded (libjvm.so in its memory map). */
  public boolean isJvm(long pid) {
    return readLines(proc.resolve(pid + "/maps")).stream().anyMatch(l -> l.endsWith("/libjvm.so"));
  }

  private static List<String> readLines(Path p) {
    try {
      return Files.readAllLines(p, java.nio.charset.StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
