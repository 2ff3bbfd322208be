package dev.fuzzprof.cli.command;

import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.cli.Exits;
import dev.fuzzprof.cli.Io;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.service.exporter.CampaignExporter;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "exporter",
    mixinStandardHelpOptions = true,
    description = {
      "Serves /metrics in the Prometheus text format for every AFL++ instance and libFuzzer job"
          + " of the given OUT_DIRs (or, without one, of every running afl-fuzz and libFuzzer, as"
          + " top finds them, kept while their folder or log exists): execs,"
          + " CPU seconds of afl-fuzz and of its target (user and system), crashes, hangs, busy"
          + " seconds of the CPUs they use, edges, corpus, stability, bound CPU, up, status,"
          + " last fuzzer_stats update and the findings scaling-report would give now.",
      "",
      "Each scrape looks again for instances (OUT_DIRs, /proc) and re-reads the campaign"
          + " (fuzzer_stats, the last plot_data rows, /proc; a file whose stat is unchanged is"
          + " not read again) through the same code as scaling-report and top; a scrape within"
          + " 2 s of the last one gets the same figures. Runs until Ctrl-C or SIGTERM."
    })
public final class ExporterCommand implements Callable<Integer> {
  private final Io io;

  @Parameters(arity = "0..*", paramLabel = "OUT_DIR",
      description = "afl-fuzz -o directories; without one, every running afl-fuzz is exported")
  List<Path> outDirs = new ArrayList<>();

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9464",
      description = "where to serve /metrics; 0.0.0.0:9464 for every interface, port 0 for any"
          + " free port. Default: ${DEFAULT-VALUE}")
  String listen;

  public ExporterCommand(Io io) {
    this.io = io;
  }

  /** A host and port from HOST:PORT. */
  record Listen(String host, int port) {
    static Listen parse(String text) {
      int colon = text.lastIndexOf(':');
      if (colon <= 0 || colon == text.length() - 1) {
        throw FuzzprofException.usage("--listen must be HOST:PORT, e.g. 127.0.0.1:9464 (got '"
            + text + "')");
      }
      String host = text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(text.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 0 || port > 65535) {
        throw FuzzprofException.usage("--listen: the port must be 0-65535 (got '"
            + text.substring(colon + 1) + "')");
      }
      return new Listen(host, port);
    }
  }

  /**
   * The Prometheus client's HTTP server logs, through java.util.logging, a stack trace for every
   * scrape whose client left before the answer was sent (a scrape_timeout shorter than the
   * refresh, a curl ended early). That is one line here, on the command's stderr. Kept in a
   * field: java.util.logging holds its loggers weakly, and a collected one loses its settings.
   */
  private static final Logger SERVER_LOG =
      Logger.getLogger("io.prometheus.metrics.exporter.httpserver");

  private void oneLineServerErrors() {
    SERVER_LOG.setUseParentHandlers(false);
    for (Handler h : SERVER_LOG.getHandlers()) {
      SERVER_LOG.removeHandler(h);
    }
    SERVER_LOG.addHandler(new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLevel().intValue() < Level.WARNING.intValue()) {
          return;
        }
        Throwable t = r.getThrown();
        String why = t == null ? r.getMessage() : t.getClass().getSimpleName()
            + (t.getMessage() == null ? "" : ": " + t.getMessage());
        synchronized (io.err()) {
          io.err().println("fuzzprof exporter: a scrape's answer was not sent (" + why + "): the"
              + " client left first; if it was Prometheus, its scrape_timeout is shorter than"
              + " a refresh here");
          io.err().flush();
        }
      }

      @Override
      public void flush() {
        io.err().flush();
      }

      @Override
      public void close() {}
    });
  }

  @Override
  public Integer call() {
    Listen where = Listen.parse(listen);
    oneLineServerErrors();
    CountDownLatch stop = new CountDownLatch(1);
    try (CampaignExporter exporter = new CampaignExporter(ProcFs.live(), outDirs)) {
      PrometheusRegistry registry = new PrometheusRegistry();
      registry.register(exporter);
      HTTPServer server;
      try {
        server = HTTPServer.builder().hostname(where.host()).port(where.port())
            .registry(registry).buildAndStart();
      } catch (IOException | RuntimeException e) {
        throw FuzzprofException.data("cannot listen on " + listen + ": " + e.getMessage());
      }
      Thread hook = new Thread(() -> {
        server.close();
        exporter.close();
        stop.countDown();
      }, "fuzzprof-exporter-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        io.err().println("fuzzprof exporter: serving http://" + hostForUrl(where.host()) + ":"
            + server.getPort() + "/metrics for " + (outDirs.isEmpty() ? "every running afl-fuzz"
                : String.join(", ", outDirs.stream().map(Path::toString).toList())));
        io.err().flush();
        stop.await();
        return Exits.OK;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Exits.INTERRUPTED;
      } finally {
        server.close();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down already: the hook closes it
        }
      }
    }
  }

  private static String hostForUrl(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
