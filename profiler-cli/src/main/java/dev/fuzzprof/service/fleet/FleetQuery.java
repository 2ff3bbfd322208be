package dev.fuzzprof.service.fleet;

import dev.fuzzprof.acquire.prometheus.PrometheusApi;
import dev.fuzzprof.analyze.fleet.FleetAnalyzer;
import dev.fuzzprof.analyze.fleet.FleetObservation;
import dev.fuzzprof.analyze.fleet.FleetReport;
import dev.fuzzprof.parse.prometheus.QueryResponseParser.Sample;
import dev.fuzzprof.problem.FuzzprofException;
import java.util.List;
import java.util.Locale;

/**
 * {@code fuzzprof fleet}: the instant queries over the exporters' series, all evaluated at one
 * moment, then {@link FleetAnalyzer}. The PromQL lives here and only here.
 */
public final class FleetQuery {
  private FleetQuery() {}

  /** The queries, for a window of {@code w} seconds. */
  static List<String> queries(long w) {
    String range = "[" + w + "s]";
    return List.of("rate(fuzzprof_execs_total" + range + ")", "fuzzprof_up",
        "fuzzprof_last_update_timestamp_seconds", "fuzzprof_bound_cpu",
        "rate(fuzzprof_cpu_seconds_total" + range + ")",
        "rate(fuzzprof_cpu_busy_seconds_total" + range + ")", "fuzzprof_finding");
  }

  /** The fleet now, over the last {@code windowSeconds}. */
  public static FleetReport report(String prometheus, long windowSeconds) {
    return report(new PrometheusApi(prometheus), windowSeconds,
        System.currentTimeMillis() / 1000.0);
  }

  public static FleetReport report(PrometheusApi api, long windowSeconds, double time) {
    List<String> q = queries(windowSeconds);
    List<Sample> up = api.query(q.get(1), time);
    if (up.isEmpty()) {
      throw FuzzprofException.data("no fuzzprof series in Prometheus at " + api.shown()
          + String.format(Locale.ROOT, " at %.0f (is it scraping fuzzprof exporter? see"
              + " contrib/prometheus)", time));
    }
    FleetObservation o = new FleetObservation(time, windowSeconds, api.query(q.get(0), time),
        up, api.query(q.get(2), time), api.query(q.get(3), time), api.query(q.get(4), time),
        api.query(q.get(5), time), api.query(q.get(6), time));
    return FleetAnalyzer.analyze(o);
  }
}
