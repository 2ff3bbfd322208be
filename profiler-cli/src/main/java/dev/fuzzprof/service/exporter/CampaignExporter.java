package dev.fuzzprof.service.exporter;

import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.analyze.campaign.CampaignReport;
import dev.fuzzprof.service.campaign.TopSampler;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code fuzzprof exporter} serves: one {@link TopSampler} per OUT_DIR (or one over every
 * running afl-fuzz, which keeps an instance whose afl-fuzz died while its folder exists), each
 * refreshed when Prometheus scrapes, unless its last refresh is under {@link #MIN_REFRESH_MILLIS}
 * old (two Prometheus servers scraping together get the same figures, and the interval findings
 * are judged over stays long enough to mean something). Every counter is read anew at each
 * refresh, so the values are never older than that.
 */
public final class CampaignExporter implements MultiCollector, AutoCloseable {
  /** A scrape within this long of the last refresh is served the same reports. */
  public static final long MIN_REFRESH_MILLIS = 2000;

  private final List<Watched> watched = new ArrayList<>();
  private List<CampaignMetrics.Scope> last = List.of();
  private long lastRefresh;

  private record Watched(String campaign, TopSampler sampler) {}

  /** @param outDirs the afl-fuzz -o directories to watch; empty for every running afl-fuzz */
  public CampaignExporter(ProcFs proc, List<Path> outDirs) {
    try {
      if (outDirs.isEmpty()) {
        watched.add(new Watched(null, new TopSampler(proc, null, true)));
      }
      for (Path d : outDirs) {
        Path abs = d.toAbsolutePath().normalize();
        watched.add(new Watched(abs.toString(), new TopSampler(proc, abs)));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    watched.forEach(w -> w.sampler().start());
    lastRefresh = System.nanoTime();
  }

  /** The reports now (refreshed unless the last refresh is recent). */
  public synchronized List<CampaignMetrics.Scope> reports() {
    long now = System.nanoTime();
    if (!last.isEmpty() && (now - lastRefresh) / 1_000_000 < MIN_REFRESH_MILLIS) {
      return last;
    }
    List<CampaignMetrics.Scope> out = new ArrayList<>();
    for (Watched w : watched) {
      CampaignReport r = w.sampler().refresh();
      out.add(new CampaignMetrics.Scope(w.campaign(), r));
    }
    last = List.copyOf(out);
    lastRefresh = now;
    return last;
  }

  @Override
  public MetricSnapshots collect() {
    return CampaignMetrics.of(reports());
  }

  @Override
  public synchronized void close() {
    watched.forEach(w -> w.sampler().close());
  }
}
