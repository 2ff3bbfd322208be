package dev.fuzzprof.service.launch;

import dev.fuzzprof.acquire.launch.InstanceProcess;
import dev.fuzzprof.acquire.launch.LaunchGuard;
import dev.fuzzprof.acquire.launch.Marks;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.acquire.sys.Posix;
import dev.fuzzprof.analyze.launch.LaunchPlan;
import dev.fuzzprof.analyze.launch.LaunchPlanner;
import dev.fuzzprof.analyze.launch.PlannedInstance;
import dev.fuzzprof.analyze.launch.RestartPolicy;
import dev.fuzzprof.parse.afl.LastWords;
import dev.fuzzprof.parse.proc.PidStatus;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the instances of a plan. Each instance starts in a session of its own, marked with the
 * launch id, and the next starts only once it is bound to its CPU (its Cpus_allowed_list) and
 * has written its stats file, so that no two bind at once. A guard outside the JVM ends every
 * marked process if fuzzprof dies; {@link #stop()} ends them when it does not.
 */
public final class Launcher implements AutoCloseable {
  /** How long a stopping instance gets between SIGTERM and SIGKILL. */
  static final long GRACE_MILLIS = 5_000;

  /** An instance's state, as the launch file and the summary give it. */
  public record InstanceState(String name, String role, int cpu, Integer pid, String state,
      int restarts, List<String> lastWords) {}

  private static final class Slot {
    final PlannedInstance first;
    PlannedInstance current;
    Process process;
    long startNanos;
    long startMillis;
    long logSizeAtStart;
    int failures;
    int restarts;
    long restartAtNanos;
    String state = "planned";
    List<String> lastWords = List.of();

    Slot(PlannedInstance p) {
      this.first = p;
      this.current = p;
    }
  }

  private final LaunchPlan plan;
  private final String id;
  private final ProcFs proc;
  private final Map<String, String> env;
  private final Path workDir;
  private final Consumer<String> events;
  private final Runnable onChange;
  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private LaunchGuard guard;
  private volatile boolean stopping;
  private boolean stopped;

  /**
   * @param env what every instance gets on top of fuzzprof's own environment
   * @param events one line per event (started, died, restarted, gave up), for people
   * @param onChange called after every change of state (the launch file is written again)
   */
  public Launcher(LaunchPlan plan, String id, ProcFs proc, Map<String, String> env,
      Path workDir, Consumer<String> events, Runnable onChange) {
    this.plan = plan;
    this.id = id;
    this.proc = proc;
    this.env = Map.copyOf(env);
    this.workDir = workDir;
    this.events = events;
    this.onChange = onChange;
    for (PlannedInstance p : plan.instances()) {
      slots.put(p.name(), new Slot(p));
    }
  }

  public String id() {
    return id;
  }

  public LaunchPlan plan() {
    return plan;
  }

  /**
   * Starts the instances in order, each once the one before is bound and has written its stats.
   * The first instance (the main) failing to start ends the launch with its last words; a later
   * one failing is left to {@link #supervise}, which restarts it.
   */
  public void startAll(Duration readyTimeout) {
    for (String d : plan.directories()) {
      try {
        Files.createDirectories(Path.of(d));
      } catch (IOException e) {
        throw FuzzprofException.data("cannot make " + d + ": " + e.getMessage());
      }
    }
    guard = LaunchGuard.start(id);
    boolean first = true;
    for (Slot s : slots.values()) {
      if (stopping) {
        return;
      }
      start(s, s.first);
      boolean ready = waitReady(s, readyTimeout);
      if (!ready && !s.process.isAlive()) {
        List<String> why = lastWords(s);
        if (first) {
          stop();
          throw FuzzprofException.data(s.first.name() + " stopped at start"
              + (why.isEmpty() ? "" : ": " + String.join(" / ", why)) + " (its output: "
              + s.first.log() + ")");
        }
        onDeath(s);
      } else if (!ready) {
        events.accept(s.first.name() + ": not ready after " + readyTimeout.toSeconds()
            + " s (still running; the next instance starts anyway)");
        s.state = "running";
      }
      first = false;
      onChange.run();
    }
  }

  /**
   * Watches the instances until {@code untilNanos} (System.nanoTime) or {@link #stop()}: a dead
   * one has its leftover processes ended and is started again under the same name, with the
   * back-off of {@link RestartPolicy}; after too many failures in a row it is given up.
   */
  public void supervise(long untilNanos) {
    while (!stopping && System.nanoTime() < untilNanos) {
      tick();
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** One look at every instance. */
  synchronized void tick() {
    if (stopping) {
      return;
    }
    for (Slot s : slots.values()) {
      switch (s.state) {
        case "starting" -> {
          if (!s.process.isAlive()) {
            onDeath(s);
          } else if (ready(s)) {
            s.state = "running";
            events.accept(s.current.name() + ": " + (s.restarts > 0 ? "restarted" : "started")
                + " (pid " + s.process.pid() + ", CPU " + s.current.cpu() + ")");
            onChange.run();
          }
        }
        case "running" -> {
          if (!s.process.isAlive()) {
            onDeath(s);
          }
        }
        case "waiting" -> {
          if (System.nanoTime() >= s.restartAtNanos) {
            s.restarts++;
            start(s, LaunchPlanner.forRestart(s.first, plan.engine()));
            onChange.run();
          }
        }
        default -> {
          // planned, gave-up, stopped: nothing to watch
        }
      }
    }
  }

  private void onDeath(Slot s) {
    double lived = (System.nanoTime() - s.startNanos) / 1e9;
    int code = s.process.exitValue();
    s.lastWords = lastWords(s);
    int left = Marks.end(proc, id, s.first.name(), 2_000);
    RestartPolicy.Decision d = RestartPolicy.onDeath(s.failures, lived);
    s.failures = d.failures();
    String how = code > 128 ? "killed by signal " + (code - 128) : "exit " + code;
    String base = s.first.name() + " (pid " + s.process.pid() + ") ended after "
        + String.format(Locale.ROOT, "%.0f", lived) + " s (" + how + ")"
        + (left > 0 ? "; ended " + left + " process(es) it left behind" : "");
    if (d.giveUp()) {
      s.state = "gave-up";
      events.accept(base + "; given up after " + d.failures() + " failed starts in a row"
          + (s.lastWords.isEmpty() ? "" : ": " + String.join(" / ", s.lastWords))
          + " (its output: " + s.first.log() + ")");
    } else {
      s.state = "waiting";
      s.restartAtNanos = System.nanoTime() + (long) (d.waitSeconds() * 1e9);
      events.accept(base + "; restarting" + (d.waitSeconds() > 0
          ? String.format(Locale.ROOT, " in %.0f s", d.waitSeconds()) : ""));
    }
    onChange.run();
  }

  private void start(Slot s, PlannedInstance p) {
    s.current = p;
    Path log = Path.of(p.log());
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      s.logSizeAtStart = Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      throw FuzzprofException.data("cannot write " + log + ": " + e.getMessage());
    }
    Map<String, String> all = new LinkedHashMap<>(env);
    all.putAll(p.env());
    s.startNanos = System.nanoTime();
    s.startMillis = System.currentTimeMillis();
    s.process = InstanceProcess.start(p.command(), all, id, p.name(), log, workDir);
    s.state = "starting";
  }

  private boolean waitReady(Slot s, Duration timeout) {
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until && !stopping) {
      if (!s.process.isAlive()) {
        return false;
      }
      if (ready(s)) {
        s.state = "running";
        events.accept(s.current.name() + ": started (pid " + s.process.pid() + ", CPU "
            + s.current.cpu() + ", " + s.current.binding() + ")");
        return true;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /** Bound to its one CPU, and its stats file written since it started. */
  private boolean ready(Slot s) {
    PidStatus st = proc.pidStatus((int) s.process.pid()).orElse(null);
    if (st == null || !st.cpusAllowed().equals(List.of(s.current.cpu()))) {
      return false;
    }
    Path stats = Path.of(s.current.statsFile());
    try {
      if (s.current.statsFile().equals(s.current.log())) {
        // libFuzzer: INITED once it has read the corpus and fuzzes
        long size = Files.size(stats);
        return size > s.logSizeAtStart && InstanceProcess.tail(stats,
            (int) Math.min(1 << 16, size - s.logSizeAtStart)).contains("INITED");
      }
      return Files.getLastModifiedTime(stats).toMillis() >= s.startMillis - 1000;
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> lastWords(Slot s) {
    return LastWords.of(InstanceProcess.tail(Path.of(s.current.log()), 4096), 3);
  }

  /** Every instance's state now. */
  public synchronized List<InstanceState> states() {
    List<InstanceState> out = new ArrayList<>();
    for (Slot s : slots.values()) {
      Integer pid = s.process == null ? null : (int) s.process.pid();
      out.add(new InstanceState(s.first.name(), s.first.role(), s.first.cpu(), pid, s.state,
          s.restarts, s.lastWords));
    }
    return out;
  }

  /** The afl-fuzz (or libFuzzer) processes running now. */
  public synchronized List<Integer> livePids() {
    return slots.values().stream().filter(s -> s.process != null && s.process.isAlive())
        .map(s -> (int) s.process.pid()).toList();
  }

  /**
   * Ends every instance: SIGTERM to each fuzzer, {@link #GRACE_MILLIS} for them to write their
   * last stats and end their targets, then SIGKILL to every process still marked with the
   * launch's id. Safe to call more than once and from a shutdown hook.
   */
  public void stop() {
    stopping = true;
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      for (Slot s : slots.values()) {
        if (s.process != null && s.process.isAlive()) {
          Posix.kill(s.process.pid(), Posix.SIGTERM);
        }
      }
      long until = System.nanoTime() + GRACE_MILLIS * 1_000_000;
      for (Slot s : slots.values()) {
        if (s.process != null) {
          long left = Math.max(0, until - System.nanoTime());
          try {
            s.process.waitFor(left, TimeUnit.NANOSECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        if (!s.state.equals("gave-up")) {
          s.state = "stopped";
        }
      }
      Marks.end(proc, id, null, 1_000);
      if (guard != null) {
        guard.close();
      }
    }
    onChange.run();
  }

  public boolean stopping() {
    return stopping;
  }

  @Override
  public void close() {
    stop();
  }
}
