package dev.fuzzprof.render;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.fleet.FleetReport;
import dev.fuzzprof.analyze.fleet.FleetReport.ExporterFinding;
import dev.fuzzprof.analyze.fleet.FleetReport.Host;
import java.time.Instant;

/** {@code fuzzprof fleet} as one page: a bar of execs/s per host, the table, the findings. */
public final class FleetReportHtml {
  static final int BAR_WIDTH = 600;
  static final int ROW = 26;

  private FleetReportHtml() {}

  public static String render(FleetReport r) {
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>fuzzprof fleet</title><style>")
        .append("body{font-family:sans-serif;margin:20px;color:#222}")
        .append("table{border-collapse:collapse;font-size:13px}td,th{padding:2px 8px;")
        .append("border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child")
        .append("{text-align:left}.high{color:#c00;font-weight:bold}.medium{color:#b60}")
        .append("svg{background:#fafafa;border:1px solid #ddd}</style></head><body>\n");
    h.append("<h1>Fleet</h1><p>").append(Instant.ofEpochSecond((long) r.time()))
        .append(", rates over ").append((long) r.windowSeconds()).append(" s: ")
        .append(r.hosts().size()).append(" host(s), ").append(r.total().instances())
        .append(" instance(s) (").append(r.total().live()).append(" live), <b>")
        .append(Figures.rate(r.total().execsPerSec())).append(" execs/s</b></p>\n");

    double max = r.hosts().stream().mapToDouble(Host::execsPerSec).max().orElse(0);
    int label = 180;
    int height = ROW * Math.max(1, r.hosts().size()) + 10;
    h.append("<h2>execs/s per host</h2><svg class=\"bars\" width=\"").append(label + BAR_WIDTH
        + 120).append("\" height=\"").append(height).append("\">");
    int y = 5;
    for (Host host : r.hosts()) {
      int w = max > 0 ? (int) Math.round(BAR_WIDTH * host.execsPerSec() / max) : 0;
      h.append("<text x=\"5\" y=\"").append(y + 17).append("\" font-size=\"13\">")
          .append(esc(host.host())).append("</text><rect x=\"").append(label).append("\" y=\"")
          .append(y + 3).append("\" width=\"").append(Math.max(w, 1)).append("\" height=\"")
          .append(ROW - 6).append("\" fill=\"").append(host.live() > 0 ? "#1f77b4" : "#bbb")
          .append("\"/><text x=\"").append(label + Math.max(w, 1) + 6).append("\" y=\"")
          .append(y + 17).append("\" font-size=\"13\">").append(Figures.rate(host.execsPerSec()))
          .append("</text>");
      y += ROW;
    }
    h.append("</svg>\n");

    h.append("<h2>Hosts</h2><table><tr><th>host</th><th>execs/s</th><th>instances</th>")
        .append("<th>live</th><th>dead</th><th>stale</th><th>CPUs used</th><th>bound</th>")
        .append("<th>collided</th><th>idle</th><th>kernel</th></tr>");
    for (Host host : r.hosts()) {
      row(h, host);
    }
    row(h, r.total());
    h.append("</table>\n<h2>Findings</h2>");
    if (r.findings().isEmpty() && r.exporterFindings().isEmpty()) {
      h.append("<p>None.</p>");
    } else {
      h.append("<table><tr><th>id</th><th>severity</th><th style=\"text-align:left\">what</th>")
          .append("<th style=\"text-align:left\">fix</th></tr>");
      for (Finding f : r.findings()) {
        h.append("<tr><td>").append(esc(f.id())).append("</td><td class=\"")
            .append(f.severity()).append("\">").append(f.severity())
            .append("</td><td style=\"text-align:left\">").append(esc(f.message()))
            .append("</td><td style=\"text-align:left\">").append(esc(f.fix()))
            .append("</td></tr>");
      }
      for (ExporterFinding f : r.exporterFindings()) {
        h.append("<tr><td>").append(esc(f.id())).append("</td><td class=\"")
            .append(esc(f.severity())).append("\">").append(esc(f.severity()))
            .append("</td><td style=\"text-align:left\">").append(f.count()).append(" from ")
            .append(esc(f.host())).append(f.campaign().isEmpty() ? "" : " " + esc(f.campaign()))
            .append("</td><td style=\"text-align:left\">fuzzprof scaling-report on the host"
                + "</td></tr>");
      }
      h.append("</table>");
    }
    return h.append("\n</body></html>\n").toString();
  }

  private static void row(StringBuilder h, Host r) {
    h.append("<tr><td>").append(esc(r.host())).append("</td><td>")
        .append(Figures.rate(r.execsPerSec())).append("</td><td>").append(r.instances())
        .append("</td><td>").append(r.live()).append("</td><td>").append(r.dead())
        .append("</td><td>").append(r.stale()).append("</td><td>")
        .append(r.cpusUsed() == null ? "-" : Figures.one(r.cpusUsed())).append("</td><td>")
        .append(Figures.cpus(r.boundCpus())).append("</td><td>")
        .append(Figures.cpus(r.collidedCpus())).append("</td><td>")
        .append(r.idleCpus() == null ? "-" : Figures.cpus(r.idleCpus())).append("</td><td>")
        .append(r.kernelShare() == null ? "-" : Figures.percent(r.kernelShare()))
        .append("</td></tr>");
  }

  private static String esc(String s) {
    return ScalingReportHtml.esc(s);
  }
}
