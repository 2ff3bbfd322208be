package dev.fuzzprof.render;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.campaign.CampaignReport;
import dev.fuzzprof.analyze.campaign.CampaignReport.CpuSlot;
import dev.fuzzprof.analyze.campaign.CampaignReport.InstanceRow;
import dev.fuzzprof.analyze.campaign.CoreUse;
import dev.fuzzprof.parse.afl.PlotPoint;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code fuzzprof scaling-report --format html}: one self-contained page (inline CSS and SVG,
 * no scripts, no external URLs) with execs/s over time, per-core use, and the instance-to-CPU
 * map with collisions in red.
 */
public final class ScalingReportHtml {
  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd",
      "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#d62728"};

  private ScalingReportHtml() {}

  public static String render(CampaignReport r) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>fuzzprof scaling report</title><style>")
        .append("body{font-family:sans-serif;margin:20px;color:#222}")
        .append("table{border-collapse:collapse;font-size:13px}td,th{padding:2px 8px;")
        .append("border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child")
        .append("{text-align:left}.high{color:#c00;font-weight:bold}.medium{color:#b60}")
        .append(".sum{font-size:15px}svg{background:#fafafa;border:1px solid #ddd}")
        .append("h2{margin-top:28px}td.id{white-space:nowrap}</style></head><body>\n");
    h.append("<h1>Scaling report</h1><p class=\"sum\">").append(esc(r.source())).append("<br>")
        .append(r.instances().size()).append(" instances (").append(r.alive()).append(" alive, ")
        .append(r.dead()).append(" dead, ").append(r.stale()).append(" stale); cumulative <b>")
        .append(r.cumulativeExecsPerSec() == null ? "-" : Figures.rate(r.cumulativeExecsPerSec()))
        .append(" execs/s</b>");
    if (r.scalingEfficiency() != null) {
      h.append("; scaling efficiency <b>").append(Figures.percent(r.scalingEfficiency()))
          .append("</b> (baseline ").append(Figures.rate(r.baseline().execsPerSec()))
          .append(" execs/s, ").append(esc(r.baseline().how())).append(')');
    }
    h.append("<br>CPUs online ").append(Figures.cpus(r.cpusOnline()));
    if (r.sampleSeconds() != null) {
      h.append("; busy ").append(cpus(r.busyCpus())).append("; idle ").append(cpus(r.idleCpus()));
    }
    h.append("</p>\n");

    h.append("<h2>Findings</h2>");
    if (r.findings().isEmpty()) {
      h.append("<p>None.</p>");
    } else {
      h.append("<table><tr><th>id</th><th>severity</th><th style=\"text-align:left\">what</th>")
          .append("<th style=\"text-align:left\">fix</th></tr>");
      for (Finding f : r.findings()) {
        h.append("<tr><td class=\"id\">").append(esc(f.id())).append("</td><td class=\"")
            .append(f.severity()).append("\">").append(f.severity())
            .append("</td><td style=\"text-align:left\">").append(esc(f.message()))
            .append("</td><td style=\"text-align:left\">").append(esc(f.fix()))
            .append("</td></tr>");
      }
      h.append("</table>");
    }

    h.append("\n<h2>Instances and CPUs</h2>").append(cpuMap(r));
    if (!r.perCore().isEmpty()) {
      h.append("\n<h2>Per-core use over ").append(Figures.one(r.sampleSeconds()))
          .append(" s</h2>").append(coreBars(r.perCore()));
    }
    h.append("\n<h2>Execs/s over time (plot_data)</h2>").append(execsChart(r.instances()));

    h.append("\n<h2>Instances</h2><table><tr><th>name</th><th>role</th><th>pid</th>")
        .append("<th>status</th><th>execs/s</th><th>cpus</th><th>cpu%</th><th>kernel%</th>")
        .append("<th>wait%</th><th>stability</th><th>crashes</th></tr>");
    for (InstanceRow i : r.instances()) {
      h.append("<tr><td>").append(esc(i.name())).append("</td><td>").append(i.role())
          .append("</td><td>").append(opt(i.pid())).append("</td><td>").append(i.status())
          .append("</td><td>").append(i.execsPerSec() == null ? "-" : Figures.rate(i.execsPerSec()))
          .append("</td><td>").append(i.cpus().isEmpty() ? "-" : Figures.cpus(i.cpus()))
          .append("</td><td>").append(opt(i.cpuPercent())).append("</td><td>")
          .append(opt(i.kernelPercent())).append("</td><td>").append(opt(i.waitPercent()))
          .append("</td><td>").append(opt(i.stability())).append("</td><td>")
          .append(opt(i.savedCrashes())).append("</td></tr>");
    }
    h.append("</table>");
    if (!r.notes().isEmpty()) {
      h.append("<h2>Notes</h2><ul>");
      r.notes().forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
      h.append("</ul>");
    }
    h.append("\n</body></html>\n");
    return h.toString();
  }

  private static String cpuMap(CampaignReport r) {
    Set<Integer> collided = new TreeSet<>();
    r.collisions().forEach(c -> collided.add(c.cpu()));
    List<Integer> cpus = r.cpusOnline();
    int perRow = Math.min(8, Math.max(1, cpus.size()));
    int boxW = 135;
    int boxH = 90;
    int rowsN = (cpus.size() + perRow - 1) / perRow;
    int w = perRow * (boxW + 10) + 10;
    int hgt = Math.max(1, rowsN) * (boxH + 10) + 10;
    StringBuilder s = new StringBuilder();
    s.append(svgOpen("cpu-map", w, hgt));
    for (int k = 0; k < cpus.size(); k++) {
      int cpu = cpus.get(k);
      int x = 10 + (k % perRow) * (boxW + 10);
      int y = 10 + (k / perRow) * (boxH + 10);
      List<String> names = r.cpuMap().stream().filter(u -> u.cpu() == cpu).findFirst()
          .map(CpuSlot::instances).orElse(List.of());
      if (names.isEmpty()) {
        names = r.instances().stream()
            .filter(i -> i.alive() && i.cpus().size() == 1 && i.cpus().get(0) == cpu)
            .map(InstanceRow::name).toList();
      }
      boolean red = collided.contains(cpu);
      boolean busy = r.busyCpus().contains(cpu);
      String fill = red ? "#f8d0d0" : names.isEmpty() ? (busy ? "#eee" : "#fff") : "#d8ecd8";
      s.append(String.format(Locale.ROOT,
          "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"%s\""
              + " stroke-width=\"%d\"/>", x, y, boxW, boxH, fill, red ? "#c00" : "#888",
          red ? 3 : 1));
      String state = red ? "  COLLISION" : r.sampleSeconds() == null ? ""
          : busy ? "  busy" : "  idle";
      s.append(text(x + 6, y + 16, "CPU " + cpu + state,
          red ? "#c00" : "#222", true));
      for (int n = 0; n < Math.min(4, names.size()); n++) {
        s.append(text(x + 6, y + 34 + 14 * n, names.get(n), "#222", false));
      }
      if (names.size() > 4) {
        s.append(text(x + 6, y + 34 + 14 * 4, "+" + (names.size() - 4) + " more", "#222", false));
      }
    }
    s.append("</svg>");
    long unpinned = r.instances().stream().filter(i -> i.alive() && i.cpus().size() != 1).count();
    if (unpinned > 0) {
      s.append("<p>").append(unpinned).append(" live instance(s) may run on several CPUs (not")
          .append(" pinned): see the cpus column.</p>");
    }
    return s.toString();
  }

  private static String coreBars(List<CoreUse> cores) {
    int barH = 18;
    int w = 700;
    int left = 60;
    int hgt = cores.size() * (barH + 6) + 40;
    StringBuilder s = new StringBuilder(svgOpen("core-bars", w, hgt));
    double scale = (w - left - 20) / 100.0;
    for (int k = 0; k < cores.size(); k++) {
      CoreUse u = cores.get(k);
      int y = 10 + k * (barH + 6);
      double x = left;
      s.append(text(8, y + 13, "CPU " + u.cpu(), "#222", false));
      x = bar(s, x, y, u.userPercent() * scale, barH, "#2ca02c");
      x = bar(s, x, y, u.systemPercent() * scale, barH, "#d62728");
      x = bar(s, x, y, u.stealPercent() * scale, barH, "#7f7f7f");
      bar(s, x, y, u.idlePercent() * scale, barH, "#e8e8e8");
    }
    int ly = hgt - 14;
    s.append(legend(left, ly, "#2ca02c", "user")).append(legend(left + 80, ly, "#d62728", "system"))
        .append(legend(left + 170, ly, "#7f7f7f", "steal"))
        .append(legend(left + 250, ly, "#e8e8e8", "idle"));
    return s.append("</svg>").toString();
  }

  private static String execsChart(List<InstanceRow> rows) {
    int w = 900;
    int hgt = 320;
    int left = 70;
    int bottom = 40;
    double maxT = 1;
    double maxE = 1;
    for (InstanceRow i : rows) {
      for (PlotPoint p : i.execsOverTime()) {
        maxT = Math.max(maxT, p.time());
        maxE = Math.max(maxE, p.execsPerSec());
      }
    }
    StringBuilder s = new StringBuilder(svgOpen("execs-chart", w, hgt));
    double pw = w - left - 20;
    double ph = hgt - bottom - 20;
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.0f\" x2=\"%d\" y2=\"%.0f\""
        + " stroke=\"#444\"/><line x1=\"%d\" y1=\"20\" x2=\"%d\" y2=\"%.0f\" stroke=\"#444\"/>",
        left, 20 + ph, w - 20, 20 + ph, left, left, 20 + ph));
    s.append(text(4, 26, Figures.rate(maxE), "#444", false));
    s.append(text(4, (int) (20 + ph), "0", "#444", false));
    s.append(text(left, hgt - 8, "0 s", "#444", false));
    s.append(text(w - 90, hgt - 8, Figures.rate(maxT) + " s", "#444", false));
    s.append(text(left + 8, 34, "execs/s per instance", "#444", false));
    int drawn = 0;
    for (int k = 0; k < rows.size(); k++) {
      List<PlotPoint> pts = rows.get(k).execsOverTime();
      if (pts.isEmpty()) {
        continue;
      }
      String color = COLORS[k % COLORS.length];
      StringBuilder poly = new StringBuilder();
      for (PlotPoint p : pts) {
        poly.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + pw * p.time() / maxT,
            20 + ph - ph * p.execsPerSec() / maxE));
      }
      if (pts.size() == 1) {
        PlotPoint p = pts.get(0);
        s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>",
            left + pw * p.time() / maxT, 20 + ph - ph * p.execsPerSec() / maxE, color));
      } else {
        s.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(color)
            .append("\" points=\"").append(poly.toString().trim()).append("\"/>");
      }
      if (drawn < 12) {
        s.append(legend(w - 170, 30 + 16 * drawn, color, rows.get(k).name()));
      }
      drawn++;
    }
    if (drawn == 0) {
      s.append(text(left + 20, hgt / 2, "no plot_data rows yet (AFL++ writes them every few"
          + " seconds, and at exit)", "#888", false));
    }
    return s.append("</svg>").toString();
  }

  private static double bar(StringBuilder s, double x, int y, double width, int h, String c) {
    if (width > 0) {
      s.append(String.format(Locale.ROOT,
          "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", x, y, width, h, c));
    }
    return x + Math.max(0, width);
  }

  private static String legend(int x, int y, String color, String label) {
    return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\""
        + " fill=\"%s\" stroke=\"#888\"/>", x, y - 9, color) + text(x + 14, y, label, "#222", false);
  }

  private static String svgOpen(String cls, int w, int h) {
    return String.format(Locale.ROOT, "<svg class=\"%s\""
        + " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", cls, w, h, w, h);
  }

  private static String text(int x, int y, String t, String color, boolean bold) {
    return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\"%s>%s"
        + "</text>", x, y, color, bold ? " font-weight=\"bold\"" : "", esc(t));
  }

  private static String cpus(List<Integer> l) {
    return l.isEmpty() ? "none" : Figures.cpus(l);
  }

  private static String opt(Object o) {
    return o == null ? "-" : o.toString();
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
