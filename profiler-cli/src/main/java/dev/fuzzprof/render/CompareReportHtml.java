package dev.fuzzprof.render;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.compare.CompareAnalyzer;
import dev.fuzzprof.analyze.compare.CompareReport;
import java.util.List;
import java.util.Locale;

/**
 * {@code fuzzprof compare --format html}: one self-contained page (inline CSS and SVG, no
 * scripts, no external URLs): the verdict and statistics, the median curve of each arm with its
 * interquartile band, and every trial's value at the point compared as a dot.
 */
public final class CompareReportHtml {
  /** Arm A, arm B: the median line and the band (drawn at {@link #BAND_OPACITY}). */
  static final String[] COLORS = {"#1f77b4", "#ff7f0e"};
  static final double BAND_OPACITY = 0.3;

  private CompareReportHtml() {}

  public static String render(CompareReport r) {
    StringBuilder h = new StringBuilder(16_384);
    String title = "fuzzprof compare: " + r.arms().get(0).name() + " vs " + r.arms().get(1).name();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(title)).append("</title><style>")
        .append("body{font-family:sans-serif;margin:20px;color:#222}")
        .append("table{border-collapse:collapse;font-size:13px}td,th{padding:2px 8px;")
        .append("border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child")
        .append("{text-align:left}.high{color:#c00;font-weight:bold}.medium{color:#b60}")
        .append(".verdict{font-size:16px;font-weight:bold}svg{background:#fafafa;")
        .append("border:1px solid #ddd;margin-right:12px}h2{margin-top:26px}</style></head>")
        .append("<body>\n<h1>").append(esc(title)).append("</h1>\n<p class=\"verdict\">")
        .append(esc(r.verdict())).append("</p>\n<p>").append(esc(r.metricWords())).append(", ")
        .append(r.atSeconds() == null ? "at the end of each trial"
            : "at " + esc(CompareAnalyzer.seconds(r.atSeconds())) + " into each trial")
        .append(String.format(Locale.ROOT, ". Mann-Whitney U = %s (%s), two-sided %s;"
            + " A12 = %.3f (%s).", CompareAnalyzer.num(r.u()), esc(r.test().toString()),
            esc(CompareAnalyzer.p(r.pValue())), r.a12(), r.magnitude()))
        .append("</p>\n<table><tr><th>arm</th><th>trials</th><th>median</th><th>q1</th>")
        .append("<th>q3</th>");
    boolean measured = r.arms().stream().anyMatch(a -> a.cpuSeconds() != null);
    if (measured) {
      h.append("<th>CPU seconds received (median)</th><th>per CPU-second: median (q1-q3)</th>");
    }
    h.append("</tr>");
    for (int k = 0; k < 2; k++) {
      CompareReport.Arm a = r.arms().get(k);
      h.append("<tr><td><span style=\"color:").append(COLORS[k]).append("\">&#9632;</span> ")
          .append(esc(a.name())).append("</td><td>").append(a.trials()).append("</td><td>")
          .append(CompareAnalyzer.num(a.median())).append("</td><td>")
          .append(CompareAnalyzer.num(a.q1())).append("</td><td>")
          .append(CompareAnalyzer.num(a.q3())).append("</td>");
      if (measured) {
        h.append("<td>").append(a.cpuSeconds() == null ? "-"
            : String.format(Locale.ROOT, "%.1f", a.cpuSeconds())).append("</td><td>")
            .append(a.perCpuSecond() == null ? "-" : String.format(Locale.ROOT,
                "%.3g (%.3g-%.3g)", a.perCpuSecond().median(), a.perCpuSecond().q1(),
                a.perCpuSecond().q3())).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</table>\n<h2>Over time, and each trial</h2>\n");
    h.append(curves(r)).append(values(r)).append('\n');

    h.append("<h2>Warnings</h2>");
    if (r.warnings().isEmpty()) {
      h.append("<p>None.</p>");
    } else {
      h.append("<table><tr><th>id</th><th>severity</th><th style=\"text-align:left\">what</th>")
          .append("<th style=\"text-align:left\">fix</th></tr>");
      for (Finding f : r.warnings()) {
        h.append("<tr><td>").append(esc(f.id())).append("</td><td class=\"")
            .append(f.severity()).append("\">").append(f.severity())
            .append("</td><td style=\"text-align:left\">").append(esc(f.message()))
            .append("</td><td style=\"text-align:left\">").append(esc(f.fix()))
            .append("</td></tr>");
      }
      h.append("</table>");
    }
    if (!r.notes().isEmpty()) {
      h.append("<h2>Notes</h2><ul>");
      r.notes().forEach(n -> h.append("<li>").append(esc(n)).append("</li>"));
      h.append("</ul>");
    }
    h.append("\n<h2>Trials</h2><table><tr><th>arm</th><th>trial</th><th>value</th><th>ran</th>")
        .append("<th>instances</th><th>instance-seconds</th>")
        .append(measured ? "<th>CPUs</th><th>CPU seconds</th><th>per CPU-second</th>" : "")
        .append("</tr>");
    for (CompareReport.Arm a : r.arms()) {
      for (CompareReport.TrialValue v : a.perTrial()) {
        h.append("<tr><td>").append(esc(a.name())).append("</td><td>").append(esc(v.name()))
            .append("</td><td>").append(CompareAnalyzer.num(v.value())).append("</td><td>")
            .append(v.seconds() == null ? "-" : v.seconds() + " s").append("</td><td>")
            .append(v.instances() == null ? "-" : v.instances()).append("</td><td>")
            .append(v.instanceSeconds() == null ? "-"
                : CompareAnalyzer.num(v.instanceSeconds())).append("</td>");
        if (measured) {
          h.append("<td>").append(v.cpus().isEmpty() ? "-" : esc(v.cpus().toString()))
              .append("</td><td>").append(v.cpuSeconds() == null ? "-"
                  : String.format(Locale.ROOT, "%.1f", v.cpuSeconds())).append("</td><td>")
              .append(v.perCpuSecond() == null ? "-"
                  : String.format(Locale.ROOT, "%.3g", v.perCpuSecond())).append("</td>");
        }
        h.append("</tr>");
      }
    }
    return h.append("</table>\n</body></html>\n").toString();
  }

  /** Median curves with their interquartile bands, both arms on one time axis. */
  static String curves(CompareReport r) {
    int w = 620;
    int hgt = 340;
    int left = 80;
    int top = 20;
    int bottom = 40;
    double pw = w - left - 20;
    double ph = hgt - top - bottom;
    double maxT = 1;
    double maxV = top(r);
    for (CompareReport.Arm a : r.arms()) {
      for (CompareReport.CurvePoint p : a.curve()) {
        maxT = Math.max(maxT, p.time());
      }
    }
    StringBuilder s = new StringBuilder(svgOpen("curves", w, hgt));
    axes(s, left, top, w, ph, maxV, r.metricWords());
    s.append(text(left, hgt - 8, "0 s", "#444"));
    s.append(text(w - 80, hgt - 8, CompareAnalyzer.seconds((long) maxT), "#444"));
    int drawn = 0;
    for (int k = 0; k < 2; k++) {
      List<CompareReport.CurvePoint> c = r.arms().get(k).curve();
      if (c.size() < 2) {
        continue;
      }
      StringBuilder band = new StringBuilder();
      StringBuilder median = new StringBuilder();
      for (CompareReport.CurvePoint p : c) {
        band.append(xy(left + pw * p.time() / maxT, top + ph - ph * p.q3() / maxV));
        median.append(xy(left + pw * p.time() / maxT, top + ph - ph * p.median() / maxV));
      }
      for (int i = c.size() - 1; i >= 0; i--) {
        CompareReport.CurvePoint p = c.get(i);
        band.append(xy(left + pw * p.time() / maxT, top + ph - ph * p.q1() / maxV));
      }
      s.append("<polygon class=\"iqr\" fill=\"").append(COLORS[k]).append("\" fill-opacity=\"")
          .append(BAND_OPACITY).append("\" stroke=\"none\" points=\"")
          .append(band.toString().trim()).append("\"/>");
      s.append("<polyline class=\"median\" fill=\"none\" stroke-width=\"2.5\" stroke=\"")
          .append(COLORS[k]).append("\" points=\"").append(median.toString().trim())
          .append("\"/>");
      s.append(legend(left + 12, top + 16 + 16 * k, COLORS[k], r.arms().get(k).name()
          + ": median and q1-q3"));
      drawn++;
    }
    if (drawn == 0) {
      s.append(text(left + 20, hgt / 2, "no curve: a trial has no plot_data rows", "#888"));
    }
    return s.append("</svg>").toString();
  }

  /** Each trial's value at the point compared, one column per arm, with the median marked. */
  static String values(CompareReport r) {
    int w = 300;
    int hgt = 340;
    int left = 80;
    int top = 20;
    int bottom = 40;
    double ph = hgt - top - bottom;
    double maxV = top(r);
    StringBuilder s = new StringBuilder(svgOpen("values", w, hgt));
    axes(s, left, top, w, ph, maxV, r.atSeconds() == null ? "at the end" : "at "
        + CompareAnalyzer.seconds(r.atSeconds()));
    double col = (w - left - 20) / 2.0;
    for (int k = 0; k < 2; k++) {
      CompareReport.Arm a = r.arms().get(k);
      double cx = left + col * k + col / 2;
      double my = top + ph - ph * a.median() / maxV;
      s.append(String.format(Locale.ROOT, "<line class=\"arm-median\" x1=\"%.1f\" y1=\"%.1f\""
          + " x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\" stroke-width=\"2\"/>", cx - 30, my,
          cx + 30, my));
      int n = a.values().size();
      for (int i = 0; i < n; i++) {
        // spread the dots sideways so that equal values stay visible
        double dx = n == 1 ? 0 : -24 + 48.0 * i / (n - 1);
        s.append(String.format(Locale.ROOT, "<circle class=\"trial\" cx=\"%.1f\" cy=\"%.1f\""
            + " r=\"5\" fill=\"%s\" stroke=\"#fff\"/>", cx + dx,
            top + ph - ph * a.values().get(i) / maxV, COLORS[k]));
      }
      s.append(text((int) (cx - 30), hgt - 8, a.name(), COLORS[k]));
    }
    return s.append("</svg>").toString();
  }

  /** One value scale for both charts: the largest quartile of a curve or trial value. */
  private static double top(CompareReport r) {
    double max = 1;
    for (CompareReport.Arm a : r.arms()) {
      for (CompareReport.CurvePoint p : a.curve()) {
        max = Math.max(max, p.q3());
      }
      for (long v : a.values()) {
        max = Math.max(max, v);
      }
    }
    return max;
  }

  private static void axes(StringBuilder s, int left, int top, int w, double ph, double maxV,
      String label) {
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.0f\" x2=\"%d\" y2=\"%.0f\""
        + " stroke=\"#444\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.0f\" stroke=\"#444\"/>",
        left, top + ph, w - 20, top + ph, left, top, left, top + ph));
    s.append(text(4, top + 6, CompareAnalyzer.num(Math.round(maxV)), "#444"));
    s.append(text(4, (int) (top + ph), "0", "#444"));
    s.append(text(left + 8, (int) (top + ph) - 6, label, "#888"));
  }

  private static String xy(double x, double y) {
    return String.format(Locale.ROOT, "%.1f,%.1f ", x, y);
  }

  private static String legend(int x, int y, String color, String label) {
    return String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\""
        + " fill=\"%s\"/>", x, y - 9, color) + text(x + 14, y, label, "#222");
  }

  private static String svgOpen(String cls, int w, int h) {
    return String.format(Locale.ROOT, "<svg class=\"%s\""
        + " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", cls, w, h, w, h);
  }

  private static String text(int x, int y, String t, String color) {
    return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\">%s"
        + "</text>", x, y, color, esc(t));
  }

  static String esc(String s) {
    return ScalingReportHtml.esc(s);
  }
}
