package dev.fuzzprof.render;

import dev.fuzzprof.analyze.campaign.Busy;
import dev.fuzzprof.analyze.campaign.CampaignReport;
import dev.fuzzprof.analyze.campaign.CampaignReport.Collision;
import dev.fuzzprof.analyze.campaign.CampaignReport.InstanceRow;
import dev.fuzzprof.analyze.campaign.CoreUse;
import dev.fuzzprof.analyze.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Draws one refresh of top (a {@link CampaignReport}): the campaign line, collisions and idle cores, a bar per core (user
 * time {@code |} in green, kernel time {@code !} in red, steal {@code ~} in cyan), then a row per
 * instance. The same lines serve the live screen (styled) and the plain snapshots (their text).
 */
public final class TopScreen {
  static final AttributedStyle PLAIN = AttributedStyle.DEFAULT;
  static final AttributedStyle BOLD = AttributedStyle.BOLD;
  static final AttributedStyle USER = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
  static final AttributedStyle KERNEL = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
  static final AttributedStyle STEAL = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
  static final AttributedStyle ALERT = AttributedStyle.BOLD.foreground(AttributedStyle.RED);
  static final AttributedStyle IDLE = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
  static final AttributedStyle HEADER = AttributedStyle.DEFAULT.inverse();

  private TopScreen() {}

  /** The screen's lines, at most {@code width} columns wide. */
  public static List<AttributedString> lines(CampaignReport f, TopSort sort, int width,
      String title) {
    width = Math.max(40, width);
    List<AttributedString> out = new ArrayList<>();
    out.add(new AttributedString(clip(title, width), BOLD));
    long running = f.instances().stream().filter(InstanceRow::alive).count();
    String campaign = "campaign: " + running + " running instance" + (running == 1 ? "" : "s")
        + ", " + (f.cumulativeExecsPerSec() == null ? "execs/s unknown"
            : fmt0(f.cumulativeExecsPerSec()) + " execs/s over " + f.cumulativeInstances())
        + ", scaling efficiency " + (f.scalingEfficiency() == null
            ? "n/a (no baseline: no -S instance has a CPU to itself)"
            : fmt2(f.scalingEfficiency()) + " (baseline " + fmt0(f.baseline().execsPerSec())
                + " execs/s, " + f.baseline().source() + ")");
    out.add(new AttributedString(clip(campaign, width), BOLD));
    if (f.machine() != null) {
      out.add(new AttributedString(clip("machine: " + Figures.machine(f.machine()), width)));
    }
    for (Collision c : f.collisions()) {
      out.add(new AttributedString(clip("collision: CPU " + c.cpu() + " runs "
          + String.join(", ", c.instances()) + " (each bound to that CPU alone)", width), ALERT));
    }
    if (!f.idleCpus().isEmpty()) {
      out.add(new AttributedString(clip("idle cores: " + Figures.cpus(f.idleCpus())
          + " (" + f.idleCpus().size() + " of " + f.perCore().size() + ")", width), IDLE));
    }
    for (Finding fd : f.findings()) {
      if (!fd.id().equals("affinity-collision") && !fd.id().equals("idle-cores")) {
        out.add(new AttributedString(clip(fd.id() + ": " + fd.message(), width), IDLE));
      }
    }
    for (String n : f.notes()) {
      out.add(new AttributedString(clip("note: " + n, width), IDLE));
    }
    out.add(AttributedString.EMPTY);

    int label = f.perCore().stream().mapToInt(c -> Integer.toString(c.cpu()).length()).max()
        .orElse(1);
    String tail = "  user 100.0%  kernel 100.0%  steal 100.0%  idle";
    int bar = Math.max(10, width - label - 3 - tail.length());
    for (CoreUse c : f.perCore()) {
      out.add(coreLine(c, label, bar));
    }
    out.add(AttributedString.EMPTY);

    String[] head = {"NAME", "PID", "ROLE", "STATUS", "EXECS/S", "FROM", "CPU%", "KERNEL%",
        "BOUND", "LAST", "RQ-WAIT%"};
    List<String[]> rows = new ArrayList<>();
    List<InstanceRow> sorted = sort.sort(f.instances());
    for (InstanceRow r : sorted) {
      rows.add(new String[] {
        r.name(), r.pid() != null ? Integer.toString(r.pid()) : "-",
        r.role().flag().isEmpty() ? "-" : r.role().flag(), r.status().toString(),
        r.execsPerSec() == null ? "-" : fmt0(r.execsPerSec()),
        r.execsSource() == null ? "-" : r.execsSource().toString(),
        r.cpuPercent() == null ? "-" : fmt1(r.cpuPercent()),
        r.kernelPercent() == null ? "-" : fmt1(r.kernelPercent()),
        r.cpus().isEmpty() ? "-" : Figures.cpus(r.cpus()),
        r.lastCpu() == null ? "-" : Integer.toString(r.lastCpu()),
        r.waitPercent() == null ? "-" : fmt1(r.waitPercent())});
    }
    int[] w = new int[head.length];
    for (int i = 0; i < head.length; i++) {
      w[i] = head[i].length();
      for (String[] r : rows) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    out.add(new AttributedString(clip(row(head, w), width), HEADER));
    for (int i = 0; i < rows.size(); i++) {
      InstanceRow r = sorted.get(i);
      String text = row(rows.get(i), w) + (r.collided() ? "  collision" : "");
      out.add(new AttributedString(clip(text, width), r.collided() ? ALERT : PLAIN));
    }
    if (rows.isEmpty()) {
      out.add(new AttributedString("(no instances)"));
    }
    return out;
  }

  /** The lines as plain text, one per line, no escape codes: what logs get. */
  public static String plain(CampaignReport f, TopSort sort, int width, String title) {
    return lines(f, sort, width, title).stream().map(AttributedString::toString)
        .map(String::stripTrailing).collect(Collectors.joining("\n", "", "\n"));
  }

  private static AttributedString coreLine(CoreUse c, int label, int bar) {
    AttributedStringBuilder b = new AttributedStringBuilder();
    String name = String.format(Locale.ROOT, "%" + label + "d", c.cpu());
    boolean idle = !Busy.cpu(c);
    b.append(name, idle ? IDLE : BOLD).append(" [");
    int user = (int) Math.round(c.userPercent() / 100.0 * bar);
    int kernel = (int) Math.round(c.systemPercent() / 100.0 * bar);
    int steal = (int) Math.round(c.stealPercent() / 100.0 * bar);
    user = Math.min(user, bar);
    kernel = Math.min(kernel, bar - user);
    steal = Math.min(steal, bar - user - kernel);
    b.append("|".repeat(user), USER).append("!".repeat(kernel), KERNEL)
        .append("~".repeat(steal), STEAL)
        .append(" ".repeat(bar - user - kernel - steal)).append("]");
    b.append(String.format(Locale.ROOT, "  user %5.1f%%  kernel %5.1f%%", c.userPercent(),
        c.systemPercent()));
    if (c.stealPercent() >= 0.5) {
      // Time the hypervisor gave this virtual CPU to someone else: the fuzzers wanted it.
      b.append(String.format(Locale.ROOT, "  steal %5.1f%%", c.stealPercent()), STEAL);
    }
    if (idle) {
      b.append("  idle", IDLE);
    }
    return b.toAttributedString();
  }

  private static String row(String[] cells, int[] w) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        sb.append("  ");
      }
      String pad = " ".repeat(w[i] - cells[i].length());
      sb.append(i == 0 || i == 2 || i == 3 || i == 5 ? cells[i] + pad : pad + cells[i]);
    }
    return sb.toString();
  }

  private static String clip(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width);
  }

  static String fmt0(double d) {
    return String.format(Locale.ROOT, "%.0f", d);
  }

  static String fmt1(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }

  static String fmt2(double d) {
    return String.format(Locale.ROOT, "%.2f", d);
  }
}
