package dev.fuzzprof.analyze.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fuzzprof.parse.sys.CpuTopology;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuOrderTest {
  /** Cores {0,1} and {2,3}: siblings numbered next to each other (many AMD boxes). */
  static final CpuTopology ADJACENT = new CpuTopology(List.of(
      new CpuTopology.Cpu(0, 0, 0, List.of(0, 1)), new CpuTopology.Cpu(1, 0, 0, List.of(0, 1)),
      new CpuTopology.Cpu(2, 1, 0, List.of(2, 3)), new CpuTopology.Cpu(3, 1, 0, List.of(2, 3))));
  /** Cores {0,2} and {1,3}: the second threads numbered after all first ones (many Intel). */
  static final CpuTopology SPLIT = new CpuTopology(List.of(
      new CpuTopology.Cpu(0, 0, 0, List.of(0, 2)), new CpuTopology.Cpu(1, 1, 0, List.of(1, 3)),
      new CpuTopology.Cpu(2, 0, 0, List.of(0, 2)), new CpuTopology.Cpu(3, 1, 0, List.of(1, 3))));

  @Test
  void physicalCoresFirstThenSiblings() {
    assertEquals(List.of(0, 2, 1, 3), CpuOrder.order(List.of(0, 1, 2, 3), ADJACENT));
    assertEquals(List.of(0, 1, 2, 3), CpuOrder.order(List.of(0, 1, 2, 3), SPLIT));
  }

  @Test
  void aSiblingWhoseFirstThreadIsNotAllowedCountsAsAFirstThread() {
    assertEquals(List.of(1, 2, 3), CpuOrder.order(List.of(1, 2, 3), ADJACENT));
    assertEquals(List.of(0, 1), CpuOrder.order(List.of(0, 1), ADJACENT),
        "both threads of one core: the only order there is");
  }

  @Test
  void noSmtOrUnknownCpusKeepTheirNumbers() {
    assertEquals(List.of(0, 1), CpuOrder.order(List.of(1, 0), CpuTopology.flat(List.of(0, 1))));
    assertEquals(List.of(5, 7), CpuOrder.order(List.of(7, 5), ADJACENT));
  }
}
