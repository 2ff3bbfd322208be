package dev.fuzzprof.acquire.prometheus;

import dev.fuzzprof.parse.prometheus.QueryResponseParser;
import dev.fuzzprof.parse.prometheus.QueryResponseParser.Sample;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A Prometheus server's {@code /api/v1/query} (instant queries) over java.net.http. Reads only:
 * the body goes to {@link QueryResponseParser}. A server that cannot be reached, or answers with
 * something that is not the API, is a data error with one line.
 */
public final class PrometheusApi {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final URI base;
  private final HttpClient client;

  /** @param base the server's URL, e.g. http://prometheus:9090 (a path prefix is kept) */
  public PrometheusApi(String base) {
    URI u;
    try {
      u = URI.create(base.endsWith("/") ? base : base + "/");
    } catch (IllegalArgumentException e) {
      throw FuzzprofException.usage("--prometheus: not a URL: " + base);
    }
    if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
        || u.getHost() == null) {
      throw FuzzprofException.usage("--prometheus must be an http(s) URL such as"
          + " http://127.0.0.1:9090 (got '" + base + "')");
    }
    this.base = u;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** The body of the instant query {@code promql} evaluated at {@code time} (Unix seconds). */
  public String queryBody(String promql, double time) {
    URI u = base.resolve("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
        + "&time=" + String.format(Locale.ROOT, "%.3f", time));
    HttpResponse<String> r;
    try {
      r = client.send(HttpRequest.newBuilder(u).timeout(TIMEOUT).header("Accept",
          "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException e) {
      throw FuzzprofException.data("cannot reach Prometheus at " + shown() + ": connection"
          + " refused (is it running, and is the port right?)");
    } catch (java.net.http.HttpTimeoutException e) {
      throw FuzzprofException.data("cannot reach Prometheus at " + shown() + ": no answer in "
          + TIMEOUT.toSeconds() + " s");
    } catch (IOException e) {
      throw FuzzprofException.data("cannot reach Prometheus at " + shown() + ": "
          + (e.getMessage() == null ? "connection failed" : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FuzzprofException.interrupted("interrupted while asking Prometheus");
    }
    // the API answers errors (400 bad query, 422 cannot execute) with its JSON envelope too
    if (r.statusCode() != 200 && !r.body().strip().startsWith("{")) {
      throw FuzzprofException.data(shown() + " is not a Prometheus server (HTTP " + r.statusCode()
          + " for /api/v1/query)");
    }
    return r.body();
  }

  /** The samples of the instant query {@code promql} at {@code time}. */
  public List<Sample> query(String promql, double time) {
    try {
      return QueryResponseParser.parse(queryBody(promql, time));
    } catch (FuzzprofException e) {
      if (e.getMessage().startsWith("not a Prometheus API answer")) {
        throw FuzzprofException.data(shown() + " is not a Prometheus server: " + e.getMessage());
      }
      throw e;
    }
  }

  public URI base() {
    return base;
  }

  /** The URL as people wrote it, without the trailing slash. */
  public String shown() {
    String s = base.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
