package dev.fuzzprof.parse.sys;

import java.util.List;
import java.util.Optional;

/** The online CPUs and how they share cores (SMT siblings) and packages. */
public record CpuTopology(List<Cpu> cpus) {

  /**
   * One logical CPU.
   *
   * @param siblings the hardware threads sharing its core, itself included
   */
  public record Cpu(int cpu, int coreId, int packageId, List<Integer> siblings) {}

  public List<Integer> online() {
    return cpus.stream().map(Cpu::cpu).toList();
  }

  public Optional<Cpu> cpu(int n) {
    return cpus.stream().filter(c -> c.cpu() == n).findFirst();
  }

  /** A machine of {@code n} CPUs, one thread per core: used when /sys cannot be read. */
  public static CpuTopology flat(List<Integer> online) {
    return new CpuTopology(online.stream().map(c -> new Cpu(c, c, 0, List.of(c))).toList());
  }
}
