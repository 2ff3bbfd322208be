package dev.fuzzprof.analyze.top;

import java.util.Comparator;
import java.util.List;

/** The orders {@code fuzzprof top} can list instances in; the {@code s} key cycles them. */
public enum TopSort {
  EXECS(Comparator.comparing((InstanceRow r) -> r.execsPerSec() == null ? -1 : r.execsPerSec())
      .reversed()),
  KERNEL(Comparator.comparing((InstanceRow r) -> r.kernelPct() == null ? -1 : r.kernelPct())
      .reversed()),
  CPU(Comparator.comparing(InstanceRow::cpuPct).reversed()),
  NAME(Comparator.comparing(InstanceRow::name));

  private final Comparator<InstanceRow> order;

  TopSort(Comparator<InstanceRow> order) {
    this.order = order.thenComparing(InstanceRow::name).thenComparing(InstanceRow::pid);
  }

  public List<InstanceRow> sort(List<InstanceRow> rows) {
    return rows.stream().sorted(order).toList();
  }

  public TopSort next() {
    TopSort[] all = values();
    return all[(ordinal() + 1) % all.length];
  }
}
