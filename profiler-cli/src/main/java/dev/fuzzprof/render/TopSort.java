package dev.fuzzprof.render;

import dev.fuzzprof.analyze.campaign.CampaignReport.InstanceRow;
import java.util.Comparator;
import java.util.List;

/** The orders {@code fuzzprof top} can list instances in; the {@code s} key cycles them. */
public enum TopSort {
  EXECS(Comparator.comparing((InstanceRow r) -> r.execsPerSec() == null ? -1 : r.execsPerSec())
      .reversed()),
  KERNEL(Comparator.comparing((InstanceRow r) -> r.kernelPercent() == null ? -1
      : r.kernelPercent()).reversed()),
  CPU(Comparator.comparing((InstanceRow r) -> r.cpuPercent() == null ? -1 : r.cpuPercent())
      .reversed()),
  NAME(Comparator.comparing(InstanceRow::name));

  private final Comparator<InstanceRow> order;

  TopSort(Comparator<InstanceRow> order) {
    this.order = order.thenComparing(InstanceRow::name)
        .thenComparing(r -> r.pid() == null ? -1 : r.pid());
  }

  public List<InstanceRow> sort(List<InstanceRow> rows) {
    return rows.stream().sorted(order).toList();
  }

  public TopSort next() {
    TopSort[] all = values();
    return all[(ordinal() + 1) % all.length];
  }
}
