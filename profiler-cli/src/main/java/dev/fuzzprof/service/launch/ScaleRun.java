package dev.fuzzprof.service.launch;

import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.analyze.scale.ScaleAnalyzer;
import dev.fuzzprof.analyze.scale.ScaleReport;
import dev.fuzzprof.analyze.scale.ScaleStep;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.service.campaign.Campaigns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * fuzzprof scale: for each instance count, a launch of that many {@code -S} instances (or
 * libFuzzer workers) in a fresh folder OUT/step-N from the same seeds, a warm-up, one campaign
 * measurement over the step (the model scaling-report and top use: counted execs/s, CPU, kernel
 * share, run-queue wait), and a stop before the next count.
 */
public final class ScaleRun {
  private ScaleRun() {}

  /** What to measure; {@code base} names the output dir, the target and what every step shares. */
  public record Request(LaunchSetup.Options base, List<Integer> counts, Duration step,
      Duration warmup, Duration readyTimeout) {}

  /**
   * A request to stop, from a signal: the step running is abandoned (its instances stopped, its
   * measurement dropped) and the report holds the steps measured before it.
   */
  public static final class Stop {
    private volatile boolean requested;
    private volatile Launcher current;
    private volatile Thread runner;

    /** Ends the running step; {@link #run} then returns what it had. */
    public void request() {
      requested = true;
      Launcher l = current;
      if (l != null) {
        l.stop();
      }
      Thread t = runner;
      if (t != null) {
        t.interrupt();
      }
    }

    public boolean requested() {
      return requested;
    }
  }

  public static ScaleReport run(Request req, Consumer<String> events) {
    return run(req, events, new Stop());
  }

  public static ScaleReport run(Request req, Consumer<String> events, Stop stop) {
    List<ScaleStep> steps = new ArrayList<>();
    String engine = "";
    Path out = req.base().output();
    stop.runner = Thread.currentThread();
    Integer stoppedAt = null;
    for (int n : req.counts()) {
      if (stop.requested()) {
        stoppedAt = n;
        break;
      }
      Path dir = out.resolve("step-" + n);
      if (Files.exists(dir)) {
        throw FuzzprofException.usage(dir + " exists: give scale a new -o");
      }
      LaunchSetup.Options o = req.base();
      LaunchSetup.Prepared p = LaunchSetup.prepare(new LaunchSetup.Options(o.engine(),
          o.aflFuzz(), n, o.cpus(), o.input(), dir, o.target(), o.fuzzerArgs(), o.env(),
          o.mix(), o.cmplog(), true));
      engine = p.plan().engine() + (p.plan().version().isEmpty() ? ""
          : " " + p.plan().version());
      String id = UUID.randomUUID().toString().substring(0, 8);
      Launcher l = new Launcher(p.plan(), id, ProcFs.live(), p.env(),
          Path.of("").toAbsolutePath(), events, () -> { });
      stop.current = l;
      try {
        events.accept("step " + n + ": starting " + n + " instance" + (n == 1 ? "" : "s")
            + " in " + dir);
        l.startAll(req.readyTimeout());
        Thread supervisor = new Thread(() -> l.supervise(Long.MAX_VALUE), "fuzzprof-scale-watch");
        supervisor.setDaemon(true);
        supervisor.start();
        sleep(req.warmup());
        if (l.stopping()) {
          throw FuzzprofException.interrupted("scale stopped during step " + n);
        }
        events.accept("step " + n + ": measuring for " + req.step().toSeconds() + " s");
        long t0 = System.currentTimeMillis();
        Campaigns.Outcome m = Campaigns.live(dir, req.step().toMillis() / 1000.0,
            new Campaigns.BaselineOption(null, null));
        long t1 = System.currentTimeMillis();
        if (stop.requested()) {
          stoppedAt = n;
          break;
        }
        ScaleStep s = ScaleAnalyzer.step(n, m.report(), t0, t1);
        steps.add(s);
        events.accept(String.format(java.util.Locale.ROOT, "step %d: %s execs/s", n,
            s.execsPerSec() == null ? "no" : String.format(java.util.Locale.ROOT, "%,.0f",
                s.execsPerSec())));
      } catch (RuntimeException e) {
        if (!stop.requested()) {
          throw e;
        }
        stoppedAt = n; // the signal's stop made the step fail: report what came before
        break;
      } finally {
        l.stop();
        stop.current = null;
      }
    }
    Thread.interrupted(); // a stop's interrupt is spent: the report is still to be written
    ScaleReport r = ScaleAnalyzer.analyze(engine, req.base().target().get(0),
        req.step().toMillis() / 1000.0, req.warmup().toMillis() / 1000.0, steps);
    if (stoppedAt != null) {
      r = r.withNote("stopped during step " + stoppedAt + " (signal): " + steps.size() + " of "
          + req.counts().size() + " steps measured; this report has those only");
    }
    return r;
  }

  /** The counts of {@code --max N}: 1, 2, 4, ... below N, and N. */
  public static List<Integer> powersUpTo(int max) {
    List<Integer> c = new ArrayList<>();
    for (int k = 1; k < max; k *= 2) {
      c.add(k);
    }
    c.add(max);
    return c;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FuzzprofException.interrupted("scale interrupted");
    }
  }

}
