package dev.fuzzprof.cli;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The real {@code fuzzprof exporter} command run in-process on a free port (--listen
 * 127.0.0.1:0, the port read from its "serving" line), stopped by an interrupt as Ctrl-C stops
 * it in the console; and the promtool and HTTP calls the exporter tests make.
 */
final class ExporterRun implements AutoCloseable {
  private static final Pattern SERVING = Pattern.compile("serving http://127\\.0\\.0\\.1:(\\d+)/");

  final int port;
  private final Thread thread;
  private final StringWriter err;
  private volatile int code = -1;

  private ExporterRun(Thread thread, StringWriter err, int port) {
    this.thread = thread;
    this.err = err;
    this.port = port;
  }

  static ExporterRun start(String... dirs) throws Exception {
    List<String> args = new ArrayList<>(List.of("exporter", "--listen", "127.0.0.1:0"));
    args.addAll(List.of(dirs));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ExporterRun[] self = new ExporterRun[1];
    int[] result = {-1};
    Thread t = new Thread(() -> {
      result[0] = Main.run(new Io(new PrintWriter(out), new PrintWriter(err),
          new ByteArrayInputStream(new byte[0])), args.toArray(String[]::new));
      if (self[0] != null) {
        self[0].code = result[0];
      }
    }, "exporter-under-test");
    t.setDaemon(true);
    t.start();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end) {
      Matcher m = SERVING.matcher(err.toString());
      if (m.find()) {
        self[0] = new ExporterRun(t, err, Integer.parseInt(m.group(1)));
        return self[0];
      }
      if (!t.isAlive()) {
        throw new AssertionError("exporter ended (" + result[0] + "): " + err);
      }
      Thread.sleep(50);
    }
    t.interrupt();
    throw new AssertionError("exporter did not start in 30 s: " + err);
  }

  String url() {
    return "http://127.0.0.1:" + port + "/metrics";
  }

  /** GET /metrics: the exposition text (status 200 asserted). */
  String scrape() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(url())).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + url() + ": " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  /** The value of the one series with exactly this name and these labels, or null. */
  static Double value(String text, String name, String... labels) {
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(name + "{")) {
        continue;
      }
      int close = line.lastIndexOf('}');
      String ls = line.substring(name.length() + 1, close);
      boolean all = true;
      for (int k = 0; k < labels.length; k += 2) {
        all &= ls.contains(labels[k] + "=\"" + labels[k + 1] + "\"");
      }
      if (all) {
        return Double.parseDouble(line.substring(close + 1).strip().split(" ")[0]);
      }
    }
    return null;
  }

  int stop() throws InterruptedException {
    thread.interrupt();
    thread.join(10_000);
    return code;
  }

  String err() {
    return err.toString();
  }

  @Override
  public void close() throws InterruptedException {
    if (thread.isAlive()) {
      stop();
    }
  }

  // ---- promtool -----------------------------------------------------------------------------

  static void assumePromtool() {
    Assumptions.assumeTrue(onPath("promtool"),
        "promtool is not installed (scripts/install-deps.sh installs the prometheus package)");
  }

  /** Runs promtool with the arguments and stdin; returns its exit code and output. */
  static CliRun promtool(String stdin, Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("promtool"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    Process p = pb.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("promtool " + args[0] + " did not end in 60 s");
    }
    return new CliRun(p.exitValue(), said, "");
  }

  /** promtool on stdin; the test is skipped when promtool is not installed. */
  static CliRun promtoolOrSkip(String stdin, String... args) throws Exception {
    assumePromtool();
    return promtool(stdin, null, args);
  }

  static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }
}
