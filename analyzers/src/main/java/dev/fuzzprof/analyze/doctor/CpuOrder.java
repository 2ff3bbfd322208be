package dev.fuzzprof.analyze.doctor;

import dev.fuzzprof.parse.sys.CpuTopology;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** The order in which a launcher should hand CPUs to instances. */
public final class CpuOrder {
  private CpuOrder() {}

  /**
   * The allowed CPUs, physical cores first: each CPU's rank is its place among the allowed
   * hardware threads of its core (0 for the first), and CPUs go by rank, then by number. On a
   * 2x2 SMT box whose cores are {0,1} and {2,3} that is 0, 2, 1, 3. A CPU the topology does not
   * know counts as a core of its own.
   */
  public static List<Integer> order(List<Integer> allowed, CpuTopology topology) {
    Set<Integer> ok = Set.copyOf(allowed);
    return allowed.stream().distinct()
        .sorted(Comparator.<Integer>comparingInt(c -> rank(c, ok, topology))
            .thenComparingInt(c -> c))
        .toList();
  }

  private static int rank(int cpu, Set<Integer> allowed, CpuTopology topology) {
    List<Integer> siblings = topology.cpu(cpu).map(CpuTopology.Cpu::siblings)
        .orElse(List.of(cpu));
    return (int) siblings.stream().filter(allowed::contains).filter(s -> s < cpu).count();
  }
}
