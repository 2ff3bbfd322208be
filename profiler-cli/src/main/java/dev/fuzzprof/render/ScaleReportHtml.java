package dev.fuzzprof.render;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.scale.ScaleReport;
import dev.fuzzprof.analyze.scale.ScaleStep;
import java.util.List;
import java.util.Locale;

/**
 * {@code fuzzprof scale --format html}: one self-contained page (inline CSS and SVG, no
 * scripts) with the curve of execs/s against instances beside the linear line from the
 * baseline, the kernel share per step as bars, and the table of steps.
 */
public final class ScaleReportHtml {
  private ScaleReportHtml() {}

  public static String render(ScaleReport r) {
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>fuzzprof scale</title><style>")
        .append("body{font-family:sans-serif;margin:20px;color:#222}")
        .append("table{border-collapse:collapse;font-size:13px}td,th{padding:2px 8px;")
        .append("border-bottom:1px solid #ddd;text-align:right}")
        .append(".high{color:#c00;font-weight:bold}.medium{color:#b60}")
        .append("svg{background:#fafafa;border:1px solid #ddd}</style></head><body>\n");
    h.append("<h1>Scaling curve</h1><p>").append(esc(r.engine())).append(" on ")
        .append(esc(r.target())).append(String.format(Locale.ROOT,
            ", %.0f s per step after %.0f s of warm-up", r.stepSeconds(), r.warmupSeconds()));
    if (r.baseline() != null) {
      h.append("<br>baseline <b>").append(Figures.rate(r.baseline().execsPerSec()))
          .append(" execs/s</b> per instance (").append(esc(r.baseline().how())).append(')');
    }
    h.append("<br>knee: ").append(r.knee() == null ? "none" : r.knee() + (r.knee() == 1 ? " instance" : " instances"))
        .append("; most execs/s at ").append(r.best() == null ? "-" : r.best() + (r.best() == 1 ? " instance" : " instances"))
        .append("</p>\n");
    h.append("<h2>execs/s against instances</h2>\n").append(curve(r.steps(), r.baseline()));
    h.append("<h2>kernel share per step</h2>\n").append(kernelBars(r.steps()));
    h.append("<h2>Steps</h2><table><tr><th>instances</th><th>execs/s</th><th>efficiency</th>")
        .append("<th>kernel</th><th>wait</th><th>CPU received</th><th>cpus</th></tr>");
    for (ScaleStep s : r.steps()) {
      h.append("<tr><td>").append(s.instances()).append("</td><td>")
          .append(s.execsPerSec() == null ? "-" : Figures.rate(s.execsPerSec()))
          .append("</td><td>").append(s.scalingEfficiency() == null ? "-"
              : Figures.percent(s.scalingEfficiency())).append("</td><td>")
          .append(pct(s.kernelPercent())).append("</td><td>").append(pct(s.waitPercent()))
          .append("</td><td>").append(pct(s.cpuPercent())).append("</td><td>")
          .append(Figures.cpus(s.cpus())).append("</td></tr>");
    }
    h.append("</table>\n");
    if (!r.explanations().isEmpty()) {
      h.append("<h2>What explains the loss</h2><ul>");
      r.explanations().forEach(e -> h.append("<li>").append(esc(e)).append("</li>"));
      h.append("</ul>\n");
    }
    if (!r.findings().isEmpty()) {
      h.append("<h2>Findings</h2><ul>");
      for (Finding f : r.findings()) {
        h.append("<li><span class=\"").append(f.severity()).append("\">")
            .append(esc(f.id())).append("</span> ").append(esc(f.message())).append("<br>fix: ")
            .append(esc(f.fix())).append("</li>");
      }
      h.append("</ul>\n");
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  private static String curve(List<ScaleStep> steps, ScaleReport.Baseline base) {
    int w = 640;
    int ht = 320;
    int left = 70;
    int bottom = 40;
    int maxN = steps.stream().mapToInt(ScaleStep::instances).max().orElse(1);
    double maxY = steps.stream().filter(s -> s.execsPerSec() != null)
        .mapToDouble(ScaleStep::execsPerSec).max().orElse(1);
    if (base != null) {
      maxY = Math.max(maxY, base.execsPerSec() * maxN);
    }
    maxY = maxY <= 0 ? 1 : maxY * 1.1;
    double plotW = w - left - 20;
    double plotH = ht - bottom - 20;
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"curve\" width=\"").append(w).append("\" height=\"").append(ht)
        .append("\" viewBox=\"0 0 ").append(w).append(' ').append(ht)
        .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
    s.append(line(left, 20, left, ht - bottom, "#888"))
        .append(line(left, ht - bottom, w - 20, ht - bottom, "#888"));
    for (int k = 0; k <= 4; k++) {
      double v = maxY * k / 4;
      double y = ht - bottom - plotH * k / 4;
      s.append(text(left - 6, y + 4, Figures.rate(v), "end"));
    }
    for (ScaleStep st : steps) {
      double x = left + plotW * st.instances() / maxN;
      s.append(text(x, ht - bottom + 16, Integer.toString(st.instances()), "middle"));
    }
    s.append(text(left + plotW / 2, ht - 6, "instances", "middle"));
    if (base != null) {
      double x1 = left + plotW * 1 / maxN;
      double y1 = ht - bottom - plotH * base.execsPerSec() / maxY;
      double x2 = left + plotW;
      double y2 = ht - bottom - plotH * base.execsPerSec() * maxN / maxY;
      s.append(String.format(Locale.ROOT, "<line class=\"linear\" x1=\"%.1f\" y1=\"%.1f\" "
          + "x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"6,4\"/>", x1, y1, x2, y2));
      s.append(text(x2 - 4, y2 - 6, "linear", "end"));
    }
    StringBuilder pts = new StringBuilder();
    for (ScaleStep st : steps) {
      if (st.execsPerSec() == null) {
        continue;
      }
      double x = left + plotW * st.instances() / maxN;
      double y = ht - bottom - plotH * st.execsPerSec() / maxY;
      pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      s.append(String.format(Locale.ROOT, "<circle class=\"step\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\""
          + " fill=\"#1f77b4\"><title>%d instances: %s execs/s</title></circle>", x, y,
          st.instances(), Figures.rate(st.execsPerSec())));
    }
    s.append("<polyline class=\"measured\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\""
        + " points=\"").append(pts.toString().strip()).append("\"/>");
    s.append("</svg>\n");
    return s.toString();
  }

  private static String kernelBars(List<ScaleStep> steps) {
    int w = 640;
    int rowH = 22;
    int ht = 20 + rowH * Math.max(1, steps.size());
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"kernel\" width=\"").append(w).append("\" height=\"").append(ht)
        .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
    int y = 10;
    for (ScaleStep st : steps) {
      double k = st.kernelPercent() == null ? 0 : st.kernelPercent();
      s.append(text(60, y + 14, st.instances() + " inst.", "end"));
      s.append(String.format(Locale.ROOT, "<rect x=\"70\" y=\"%d\" width=\"500\" height=\"16\""
          + " fill=\"#ddd\"/><rect class=\"kbar\" x=\"70\" y=\"%d\" width=\"%.1f\" height=\"16\""
          + " fill=\"#d62728\"/>", y, y, 5 * Math.min(100, k)));
      s.append(text(576, y + 13, st.kernelPercent() == null ? "-" : pct(k), "start"));
      y += rowH;
    }
    s.append("</svg>\n");
    return s.toString();
  }

  private static String line(double x1, double y1, double x2, double y2, String c) {
    return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
        + " stroke=\"%s\"/>", x1, y1, x2, y2, c);
  }

  private static String text(double x, double y, String t, String anchor) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\""
        + " text-anchor=\"%s\">%s</text>", x, y, anchor, esc(t));
  }

  private static String pct(Double p) {
    return p == null ? "-" : String.format(Locale.ROOT, "%.1f%%", p);
  }

  private static String esc(String s) {
    return ScalingReportHtml.esc(s);
  }
}
