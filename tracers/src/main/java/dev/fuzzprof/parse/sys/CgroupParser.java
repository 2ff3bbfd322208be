package dev.fuzzprof.parse.sys;

import java.util.Optional;

/**
 * /proc/PID/cgroup: {@code 0::/path} for the cgroup v2 hierarchy, {@code N:cpuset:/path} (or
 * a comma list of controllers) for a v1 cpuset hierarchy. Pure.
 */
public final class CgroupParser {
  private CgroupParser() {}

  /** Where the process sits in each hierarchy that can restrict its CPUs. */
  public record CgroupPaths(Optional<String> unified, Optional<String> v1Cpuset) {}

  public static CgroupPaths parse(String text) {
    Optional<String> unified = Optional.empty();
    Optional<String> cpuset = Optional.empty();
    if (text != null) {
      for (String line : text.split("\n")) {
        String[] f = line.strip().split(":", 3);
        if (f.length < 3 || f[2].isEmpty()) {
          continue;
        }
        if (f[0].equals("0") && f[1].isEmpty()) {
          unified = Optional.of(f[2]);
        } else if (java.util.Arrays.asList(f[1].split(",")).contains("cpuset")) {
          cpuset = Optional.of(f[2]);
        }
      }
    }
    return new CgroupPaths(unified, cpuset);
  }
}
