package dev.fuzzprof.render;

import dev.fuzzprof.analyze.top.Collision;
import dev.fuzzprof.analyze.top.CoreLoad;
import dev.fuzzprof.analyze.top.InstanceRow;
import dev.fuzzprof.analyze.top.TopFrame;
import dev.fuzzprof.analyze.top.TopSort;
import dev.fuzzprof.parse.proc.CpuListParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Draws a {@link TopFrame}: the campaign line, collisions and idle cores, a bar per core (user
 * time {@code |} in green, kernel time {@code !} in red, as htop draws them), then a row per
 * instance. The same lines serve the live screen (styled) and the plain snapshots (their text).
 */
public final class TopScreen {
  static final AttributedStyle PLAIN = AttributedStyle.DEFAULT;
  static final AttributedStyle BOLD = AttributedStyle.BOLD;
  static final AttributedStyle USER = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
  static final AttributedStyle KERNEL = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
  static final AttributedStyle ALERT = AttributedStyle.BOLD.foreground(AttributedStyle.RED);
  static final AttributedStyle IDLE = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
  static final AttributedStyle HEADER = AttributedStyle.DEFAULT.inverse();

  private TopScreen() {}

  /** The screen's lines, at most {@code width} columns wide. */
  public static List<AttributedString> lines(TopFrame f, TopSort sort, int width, String title) {
    width = Math.max(40, width);
    List<AttributedString> out = new ArrayList<>();
    out.add(new AttributedString(clip(title, width), BOLD));
    long running = f.instances().stream().filter(InstanceRow::running).count();
    String campaign = "campaign: " + running + " running instance" + (running == 1 ? "" : "s")
        + ", " + (f.totalExecsPerSec() == null ? "execs/s unknown"
            : fmt0(f.totalExecsPerSec()) + " execs/s")
        + ", scaling efficiency " + (f.efficiency() == null
            ? "n/a: " + f.efficiencyNote() : fmt2(f.efficiency()) + " (" + f.efficiencyNote() + ")");
    out.add(new AttributedString(clip(campaign, width), BOLD));
    for (Collision c : f.collisions()) {
      out.add(new AttributedString(clip("collision: CPU " + c.cpu() + " runs "
          + String.join(", ", c.instances()) + " (each bound to that CPU alone)", width), ALERT));
    }
    if (!f.idleCores().isEmpty()) {
      out.add(new AttributedString(clip("idle cores: " + CpuListParser.format(f.idleCores())
          + " (" + f.idleCores().size() + " of " + f.cores().size() + ")", width), IDLE));
    }
    for (String n : f.notes()) {
      out.add(new AttributedString(clip("note: " + n, width), IDLE));
    }
    out.add(AttributedString.EMPTY);

    int label = f.cores().stream().mapToInt(c -> Integer.toString(c.cpu()).length()).max()
        .orElse(1);
    String tail = "  user 100.0%  kernel 100.0%  idle";
    int bar = Math.max(10, width - label - 3 - tail.length());
    for (CoreLoad c : f.cores()) {
      out.add(coreLine(c, label, bar));
    }
    out.add(AttributedString.EMPTY);

    String[] head = {"NAME", "PID", "ROLE", "EXECS/S", "CPU%", "KERNEL%", "BOUND", "LAST", "RQ-WAIT%"};
    List<String[]> rows = new ArrayList<>();
    List<InstanceRow> sorted = sort.sort(f.instances());
    for (InstanceRow r : sorted) {
      rows.add(new String[] {
        r.name(), r.pid() > 0 ? Integer.toString(r.pid()) : "-", r.role().flag(),
        r.execsPerSec() == null ? "-" : fmt0(r.execsPerSec()),
        r.running() ? fmt1(r.cpuPct()) : "exited",
        r.kernelPct() == null ? "-" : fmt1(r.kernelPct()),
        r.cpusAllowed().isEmpty() ? "-" : CpuListParser.format(r.cpusAllowed()),
        r.lastCpu() < 0 ? "-" : Integer.toString(r.lastCpu()),
        r.runQueueWaitPct() == null ? "-" : fmt1(r.runQueueWaitPct())});
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
  public static String plain(TopFrame f, TopSort sort, int width, String title) {
    return lines(f, sort, width, title).stream().map(AttributedString::toString)
        .map(String::stripTrailing).collect(Collectors.joining("\n", "", "\n"));
  }

  private static AttributedString coreLine(CoreLoad c, int label, int bar) {
    AttributedStringBuilder b = new AttributedStringBuilder();
    String name = String.format(Locale.ROOT, "%" + label + "d", c.cpu());
    b.append(name, c.idle() ? IDLE : BOLD).append(" [");
    int user = (int) Math.round(c.userPct() / 100.0 * bar);
    int kernel = (int) Math.round(c.kernelPct() / 100.0 * bar);
    user = Math.min(user, bar);
    kernel = Math.min(kernel, bar - user);
    b.append("|".repeat(user), USER).append("!".repeat(kernel), KERNEL)
        .append(" ".repeat(bar - user - kernel)).append("]");
    b.append(String.format(Locale.ROOT, "  user %5.1f%%  kernel %5.1f%%", c.userPct(),
        c.kernelPct()));
    if (c.idle()) {
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
      sb.append(i == 0 || i == 2 ? cells[i] + pad : pad + cells[i]);
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
