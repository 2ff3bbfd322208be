package dev.fuzzprof.render;

import java.util.Locale;

/** Number formatting shared by the text renderers. */
public final class Figures {
  private Figures() {}

  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** CPUs as the kernel writes them ({@code 0-3,8}): the one way renderers show a CPU set. */
  public static String cpus(java.util.List<Integer> cpus) {
    return dev.fuzzprof.parse.proc.CpuListParser.format(cpus);
  }

  public static String one(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  public static String rate(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
  }

  public static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }

  /** One line about the machine: model, cores and threads, the largest cache, NUMA, memory. */
  public static String machine(dev.fuzzprof.parse.sys.Machine m) {
    String cache = m.caches().stream().max(java.util.Comparator
        .comparingInt(dev.fuzzprof.parse.sys.Machine.Cache::level))
        .map(c -> ", L" + c.level() + " " + size(c.sizeBytes())).orElse("");
    boolean smt = m.smtSiblings().stream().anyMatch(g -> g.size() > 1);
    return m.cpuModel() + ", " + m.physicalCores() + " cores / " + m.logicalCpus() + " CPUs"
        + (smt ? " (SMT siblings: " + m.smtSiblings().stream().filter(g -> g.size() > 1)
            .map(g -> g.stream().map(String::valueOf).collect(java.util.stream.Collectors
                .joining("+"))).collect(java.util.stream.Collectors.joining(" ")) + ")" : "")
        + cache + ", " + m.numaNodes() + " NUMA node" + (m.numaNodes() == 1 ? "" : "s") + ", "
        + size(m.memoryBytes()) + " memory";
  }

  static String size(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
    if (bytes >= 1L << 20) {
      return (bytes >> 20) + " MiB";
    }
    return (bytes >> 10) + " KiB";
  }
}
