package dev.fuzzprof.service.compare;

import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.analyze.campaign.CampaignReport;
import dev.fuzzprof.analyze.campaign.CpuTime;
import dev.fuzzprof.analyze.compare.CompareReport;
import dev.fuzzprof.analyze.compare.Metric;
import dev.fuzzprof.analyze.doctor.DoctorReport;
import dev.fuzzprof.analyze.launch.LaunchPlanner;
import dev.fuzzprof.analyze.launch.Mix;
import dev.fuzzprof.analyze.launch.PlannedInstance;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.service.SystemFacts;
import dev.fuzzprof.service.doctor.BoxCheck;
import dev.fuzzprof.service.doctor.DoctorRequest;
import dev.fuzzprof.service.launch.LaunchSetup;
import dev.fuzzprof.service.launch.Launcher;
import dev.fuzzprof.acquire.sys.SysCpu;
import dev.fuzzprof.parse.proc.CpuListParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * {@code fuzzprof compare --run}: K rounds, each one trial of arm A and one of arm B at once, on
 * two disjoint CPU sets of equal size that the arms swap every round (so drift over the run and
 * any difference between the sets hit both arms alike). Each trial is a launch (the launcher of
 * {@code fuzzprof launch}: every instance bound to a CPU of its set) in OUT/A-r or OUT/B-r,
 * stopped {@code duration} after it started, so that all trials are compared at equal wall
 * time; while it runs, the CPU its processes receive is read from /proc (the campaign model's
 * {@link CpuTime#cumulative}), and its last reading before the stop is the trial's CPU. The
 * trials are then compared by {@link Comparison}, as the offline mode compares them again.
 */
public final class CompareRun {
  /** How often a running trial's CPU is read (its last reading before the stop is kept too). */
  static final long SAMPLE_MILLIS = 1_000;

  private CompareRun() {}

  /**
   * One arm as given: {@code NAME='FUZZER ARGS -- TARGET'}.
   *
   * @param fuzzer the afl-fuzz to run (a name on PATH or a path)
   */
  public record Arm(String name, String fuzzer, List<String> fuzzerArgs, List<String> target) {
    public Arm {
      fuzzerArgs = List.copyOf(fuzzerArgs);
      target = List.copyOf(target);
    }
  }

  public record Request(int trials, Duration duration, int cpusPerTrial, Path input,
      Path output, Arm a, Arm b, Map<String, String> env, Duration readyTimeout, Metric metric) {}

  /** The comparison of the trials run, and their directories (A's, then B's). */
  public record Result(CompareReport report, List<Path> a, List<Path> b,
      List<List<Integer>> cpuSets) {}

  /**
   * Runs the trials and compares them.
   *
   * @param events one line per event, for people
   * @param onTrial called with each trial's directory and what was measured, once it stopped
   *     (the command writes {@link TrialFile#NAME} there)
   */
  public static Result run(Request r, Consumer<String> events,
      BiConsumer<Path, TrialFile> onTrial) {
    if (r.trials() < 1) {
      throw FuzzprofException.usage("--trials must be 1 or more");
    }
    if (r.duration().toSeconds() < 1) {
      throw FuzzprofException.usage("--duration must be at least 1s");
    }
    DoctorReport box = BoxCheck.check(ProcFs.live(), Path.of("/sys"), new DoctorRequest(
        2 * r.cpusPerTrial(), Optional.of(r.output()), r.env(), true, Set.of(),
        Optional.empty()));
    List<List<Integer>> sets = LaunchPlanner.cpuSets(box.cpuOrder(), Set.copyOf(box.heldCpus()),
        r.cpusPerTrial(), 2, SysCpu.live().topology().orElse(null));
    List<Integer> held = sets.stream().flatMap(List::stream)
        .filter(box.heldCpus()::contains).toList();
    events.accept("CPU sets " + CpuListParser.format(sets.get(0)) + " and "
        + CpuListParser.format(sets.get(1)) + "; " + r.trials()
        + " round(s) of " + r.duration().toSeconds() + " s, the arms swapping sets each round"
        + (held.isEmpty() ? "" : "; CPUs " + CpuListParser.format(held) + " are also held by another process: trials"
            + " there share them (their CPU seconds will show it)"));
    List<Path> aDirs = new ArrayList<>();
    List<Path> bDirs = new ArrayList<>();
    List<Launcher> live = new CopyOnWriteArrayList<>();
    Thread hook = new Thread(() -> live.forEach(Launcher::stop), "fuzzprof-compare-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    ExecutorService pool = Executors.newFixedThreadPool(2, t -> {
      Thread th = new Thread(t, "fuzzprof-compare-trial");
      th.setDaemon(true);
      return th;
    });
    try {
      for (int round = 1; round <= r.trials(); round++) {
        List<Integer> cpusA = sets.get(LaunchPlanner.setOf(0, round - 1));
        List<Integer> cpusB = sets.get(LaunchPlanner.setOf(1, round - 1));
        Path dirA = r.output().resolve("A-" + round);
        Path dirB = r.output().resolve("B-" + round);
        for (Path d : List.of(dirA, dirB)) {
          if (Files.exists(d)) {
            throw FuzzprofException.usage(d + " exists: give compare --run a new -o");
          }
        }
        int rr = round;
        events.accept("round " + round + ": " + r.a().name() + " on CPU "
            + CpuListParser.format(cpusA) + ", " + r.b().name() + " on CPU "
            + CpuListParser.format(cpusB));
        Future<TrialFile> fa = pool.submit(() -> trial(r, "A", r.a(), rr, cpusA, dirA, live,
            events));
        Future<TrialFile> fb = pool.submit(() -> trial(r, "B", r.b(), rr, cpusB, dirB, live,
            events));
        TrialFile ta = await(fa, live);
        TrialFile tb = await(fb, live);
        onTrial.accept(dirA, ta);
        onTrial.accept(dirB, tb);
        aDirs.add(dirA);
        bDirs.add(dirB);
        events.accept(String.format(Locale.ROOT, "round %d: %s %.1f CPU-s in %.1f s, %s %.1f"
            + " CPU-s in %.1f s", round, r.a().name(), ta.cpuSeconds(), ta.wallSeconds(),
            r.b().name(), tb.cpuSeconds(), tb.wallSeconds()));
      }
    } finally {
      live.forEach(Launcher::stop);
      pool.shutdownNow();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook stops what is left
      }
    }
    CompareReport report = Comparison.compare(new Comparison.Request(aDirs, bDirs,
        r.a().name(), r.b().name(), r.metric(), null));
    return new Result(report, aDirs, bDirs, sets);
  }

  private static TrialFile await(Future<TrialFile> f, List<Launcher> live) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      live.forEach(Launcher::stop);
      throw FuzzprofException.interrupted("compare --run interrupted");
    } catch (ExecutionException e) {
      live.forEach(Launcher::stop);
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** One trial: launch, read its CPU while it runs, stop it {@code duration} after its start. */
  static TrialFile trial(Request r, String side, Arm arm, int round, List<Integer> cpus,
      Path dir, List<Launcher> live, Consumer<String> events) {
    int n = r.cpusPerTrial();
    LaunchSetup.Prepared p = LaunchSetup.prepare(new LaunchSetup.Options("auto", arm.fuzzer(), n,
        cpus, r.input(), dir, arm.target(), arm.fuzzerArgs(), r.env(), Mix.PLAIN,
        Optional.empty(), n == 1));
    if (p.plan().engine().equals("libfuzzer") && n != 1) {
      throw FuzzprofException.usage(arm.name() + ": a libFuzzer arm runs one worker per trial"
          + " (--cpus-per-trial 1): its log is the trial's figures");
    }
    String tag = side + "-" + round;
    Launcher l = new Launcher(p.plan(), UUID.randomUUID().toString().substring(0, 8),
        ProcFs.live(), p.env(), Path.of("").toAbsolutePath(), s -> events.accept(tag + " "
            + s), () -> { });
    live.add(l);
    String startedAt = Instant.now().toString();
    long t0 = System.nanoTime();
    long until = t0 + r.duration().toNanos();
    Map<Integer, CampaignReport.CpuSeconds> cpu = new LinkedHashMap<>();
    long hz = SystemFacts.userHz();
    long lastRead;
    try {
      l.startAll(r.readyTimeout());
      Thread supervisor = new Thread(() -> l.supervise(until), "fuzzprof-compare-watch");
      supervisor.setDaemon(true);
      supervisor.start();
      while (!l.stopping() && System.nanoTime() < until) {
        read(l, cpu, hz);
        long left = (until - System.nanoTime()) / 1_000_000;
        if (left > 0) {
          try {
            Thread.sleep(Math.min(SAMPLE_MILLIS, left));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw FuzzprofException.interrupted("compare --run interrupted");
          }
        }
      }
      read(l, cpu, hz);
      lastRead = System.nanoTime();
    } finally {
      l.stop();
      live.remove(l);
    }
    double wall = (lastRead - t0) / 1e9;
    double fu = 0;
    double fs = 0;
    double tu = 0;
    double ts = 0;
    for (CampaignReport.CpuSeconds c : cpu.values()) {
      fu += c.fuzzerUser();
      fs += c.fuzzerSystem();
      tu += c.targetUser();
      ts += c.targetSystem();
    }
    List<List<String>> commands = p.plan().instances().stream().map(PlannedInstance::command)
        .toList();
    return new TrialFile(TrialFile.FORMAT, side, arm.name(), round, cpus, round3(wall),
        round3(fu + fs + tu + ts), round3(fu), round3(fs), round3(tu), round3(ts), startedAt,
        commands);
  }

  /** Each live afl-fuzz's tree now: its cumulative CPU replaces the pid's last reading. */
  private static void read(Launcher l, Map<Integer, CampaignReport.CpuSeconds> cpu, long hz) {
    ProcFs proc = ProcFs.live();
    for (int pid : l.livePids()) {
      CampaignReport.CpuSeconds c = CpuTime.cumulative(proc.tree(pid), hz);
      if (c != null) {
        cpu.put(pid, c);
      }
    }
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
