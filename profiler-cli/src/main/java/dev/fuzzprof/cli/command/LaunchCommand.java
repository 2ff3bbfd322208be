package dev.fuzzprof.cli.command;

import dev.fuzzprof.acquire.launch.LaunchRecords;
import dev.fuzzprof.acquire.launch.Marks;
import dev.fuzzprof.parse.launch.LaunchRecord;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.acquire.sys.Posix;
import dev.fuzzprof.analyze.campaign.CampaignReport;
import dev.fuzzprof.analyze.launch.Mix;
import dev.fuzzprof.cli.Exits;
import dev.fuzzprof.cli.Io;
import dev.fuzzprof.console.LiveTop;
import dev.fuzzprof.parse.proc.CpuListParser;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.render.Json;
import dev.fuzzprof.render.LaunchPlanText;
import dev.fuzzprof.render.TopSort;
import dev.fuzzprof.service.campaign.TopSampler;
import dev.fuzzprof.service.launch.LaunchFile;
import dev.fuzzprof.service.launch.LaunchSetup;
import dev.fuzzprof.service.launch.Launcher;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "launch",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a parallel campaign the way the seed post ended up running it by hand: one instance"
          + " per CPU, each bound to its own, started one after the other, dead ones restarted,"
          + " everything ended when it stops.",
      "",
      "afl-fuzz (AFL++ or AFL 2.x): one -M main and -S secondaries. AFL++ instances bind with"
          + " -b CPU; where another process holds a CPU alone (AFL++ would abort), and for AFL"
          + " 2.x, taskset -c CPU with AFL_NO_AFFINITY=1 binds them. CPUs come from this"
          + " process's allowed set, one hardware thread per core first. Each start waits until"
          + " the instance is bound (Cpus_allowed_list) and has written fuzzer_stats.",
      "libFuzzer (a binary built with -fsanitize=fuzzer, found by its markers or --engine):"
          + " N workers under taskset on one corpus OUT/corpus, logs OUT/fuzz-N.log (what"
          + " scaling-report reads), crashes in OUT/crashes/.",
      "",
      "Before it starts it runs the checks of 'fuzzprof doctor' and prints what they found."
          + " The plan and each instance's state are in OUT/fuzzprof-launch.json; each"
          + " instance's output in OUT/NAME.log. A dead instance is restarted under its name"
          + " (AFL_AUTORESUME=1) once the processes it left are ended, with back-off, and given"
          + " up after 5 failed starts in a row. Ctrl-C, SIGTERM, --duration, and even a"
          + " SIGKILL of fuzzprof (a guard shell outside the JVM) end every instance and target.",
      "",
      "Examples:",
      "  fuzzprof launch -n 4 -i seeds -o out --duration 8h -- ./target_afl @@",
      "  fuzzprof launch -i seeds -o out --mix diverse --cmplog ./target_cmplog --detach"
          + " -- ./target_afl",
      "  fuzzprof launch --stop out",
      "  fuzzprof launch -n 2 -i seeds -o out -- ./target_libfuzzer -max_len=4096"
    })
public final class LaunchCommand implements Callable<Integer> {
  private static final java.time.format.DateTimeFormatter CLOCK =
      java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");
  private final Io io;

  @Option(names = {"-n", "--instances"}, paramLabel = "N", defaultValue = "0",
      description = "how many instances (default: one per allowed CPU, or per --cpus)")
  int instances;

  @Option(names = "--cpus", paramLabel = "LIST",
      description = "the CPUs to use, e.g. 0-3,8 (default: the allowed ones, cores first)")
  String cpus;

  @Option(names = {"-i", "--input"}, paramLabel = "IN", description = "the seed directory")
  Path input;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT",
      description = "the output (sync) directory; an existing one needs --resume")
  Path output;

  @Option(names = "--duration", paramLabel = "TIME", converter = DurationOption.TrialTime.class,
      description = "stop after this long, e.g. 30m, 8h (default: until Ctrl-C or SIGTERM)")
  Duration duration;

  @Option(names = "--mix", paramLabel = "plain|diverse", defaultValue = "plain",
      description = "plain: every instance the same options; diverse: AFL++'s advice for"
          + " secondaries (power schedules -p, -L 0 on ~10%%, AFL_DISABLE_TRIM on ~60%%,"
          + " -c CMPLOG on 1-2 with --cmplog)")
  String mix;

  @Option(names = "--cmplog", paramLabel = "BIN",
      description = "a CMPLOG build of the target (afl-clang-fast with AFL_LLVM_CMPLOG=1)")
  Path cmplog;

  @Option(names = "--afl-args", paramLabel = "'OPTS'",
      description = "afl-fuzz options for every instance, e.g. '-x dict -t 200 -m none'")
  String aflArgs;

  @Option(names = "--env", paramLabel = "NAME=VALUE",
      description = "a variable for every instance, e.g. ASAN_OPTIONS=... (repeatable;"
          + " NAME= unsets)")
  Map<String, String> env;

  @Option(names = "--resume", description = "continue the campaign in an existing OUT")
  boolean resume;

  @Option(names = "--engine", paramLabel = "auto|afl|libfuzzer", defaultValue = "auto",
      description = "what runs the target (default: libfuzzer for a libFuzzer binary, else"
          + " afl-fuzz)")
  String engine;

  @Option(names = "--afl-fuzz", paramLabel = "PATH", defaultValue = "afl-fuzz",
      description = "the afl-fuzz to run (default: the one on PATH)")
  String aflFuzz;

  @Option(names = "--ready-timeout", paramLabel = "TIME", defaultValue = "120s",
      converter = DurationOption.TrialTime.class,
      description = "how long an instance may take to bind and write its stats before the"
          + " next starts anyway (default 120s)")
  Duration readyTimeout;

  @Option(names = "--plain", description = "plain status lines even on a terminal")
  boolean plain;

  @Option(names = "--status-every", paramLabel = "TIME", defaultValue = "60s",
      converter = DurationOption.Refresh.class,
      description = "plain mode: a status line this often (default 60s)")
  Duration statusEvery;

  @Option(names = "--detach", description = "run in the background, in a session of its own"
      + " (survives the terminal closing); log in OUT/fuzzprof-launch.log")
  boolean detach;

  @Option(names = "--stop", paramLabel = "OUT",
      description = "end the launch running in OUT (started with --detach, or elsewhere)")
  Path stop;

  @Option(names = "--detached-child", hidden = true)
  boolean detachedChild;

  @Parameters(paramLabel = "TARGET", arity = "0..*",
      description = "after --: the target and its arguments (@@ for the input file), or the"
          + " libFuzzer binary and its flags")
  List<String> target = new ArrayList<>();

  public LaunchCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws IOException {
    if (stop != null) {
      return stopRunning(stop);
    }
    if (input == null || output == null) {
      throw FuzzprofException.usage("give the seeds and the output dir: -i IN -o OUT"
          + " -- TARGET ...");
    }
    Mix m = switch (mix.toLowerCase(Locale.ROOT)) {
      case "plain" -> Mix.PLAIN;
      case "diverse" -> Mix.DIVERSE;
      default -> throw FuzzprofException.usage("--mix must be plain or diverse (got '" + mix
          + "')");
    };
    List<Integer> cpuList = List.of();
    if (cpus != null) {
      cpuList = CpuListParser.parse(cpus).filter(l -> !l.isEmpty()).orElseThrow(() ->
          FuzzprofException.usage("--cpus '" + cpus + "': write CPUs as 0-3,8"));
    }
    if (instances < 0) {
      throw FuzzprofException.usage("-n must be 1 or more");
    }
    if (!detachedChild && Files.exists(output) && !resume && !isEmptyDir(output)) {
      throw FuzzprofException.usage(output + " exists: give --resume to continue that"
          + " campaign, or a new -o");
    }
    List<String> fuzzerArgs = aflArgs == null || aflArgs.isBlank() ? List.of()
        : Arrays.asList(aflArgs.strip().split("\\s+"));
    Map<String, String> userEnv = new java.util.HashMap<>(env == null ? Map.of() : env);
    if (resume) {
      userEnv.putIfAbsent("AFL_AUTORESUME", "1");
    }
    LaunchSetup.Prepared p = LaunchSetup.prepare(new LaunchSetup.Options(engine, aflFuzz,
        instances, cpuList, input, output, target, fuzzerArgs, userEnv, m,
        Optional.ofNullable(cmplog), false));
    PrintWriter out = io.out();
    if (!detachedChild) {
      LaunchPlanText.write(out, p.plan(), p.box().findings());
    }
    Files.createDirectories(output);
    if (detach) {
      return detachSelf();
    }
    return run(p, out);
  }

  private int run(LaunchSetup.Prepared p, PrintWriter out) throws IOException {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Path file = output.resolve(LaunchFile.NAME);
    Object lock = new Object();
    boolean[] allStarted = {false};
    Launcher[] holder = new Launcher[1];
    Runnable write = () -> {
      synchronized (lock) {
        Launcher l = holder[0];
        if (l != null) {
          writeAtomically(file, new LaunchFile(id, ProcessHandle.current().pid(), startedAt,
              allStarted[0], !l.stopping(), l.plan(), l.states()));
        }
      }
    };
    Launcher launcher = new Launcher(p.plan(), id, ProcFs.live(), p.env(),
        Path.of("").toAbsolutePath(), line -> event(out, line), write);
    holder[0] = launcher;
    Thread hook = new Thread(() -> {
      if (!launcher.stopping()) {
        event(out, "stopping every instance (signal)");
      }
      launcher.stop();
    }, "fuzzprof-launch-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    write.run();
    launcher.startAll(readyTimeout);
    allStarted[0] = true;
    write.run();
    long until = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
    Thread supervisor = new Thread(() -> launcher.supervise(until), "fuzzprof-launch-supervise");
    supervisor.setDaemon(true);
    supervisor.start();
    CampaignReport last = watch(out, launcher, until);
    launcher.stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs (and finds the launch stopped)
    }
    summary(out, launcher, last);
    return Exits.OK;
  }

  /** The live screen on a terminal, else status lines, until the end; the last figures. */
  private CampaignReport watch(PrintWriter out, Launcher launcher, long until)
      throws IOException {
    CampaignReport last = null;
    try (TopSampler sampler = new TopSampler(ProcFs.live(), output)) {
      if (!plain && !detachedChild && System.console() != null) {
        Duration interval = Duration.ofSeconds(2);
        int iterations = duration == null ? 0
            : (int) Math.max(1, duration.toMillis() / interval.toMillis());
        if (LiveTop.onTerminal(sampler, interval, iterations, TopSort.NAME)) {
          return sampler.refresh();
        }
      }
      sampler.start();
      long nextStatus = System.nanoTime() + statusEvery.toNanos();
      while (!launcher.stopping() && System.nanoTime() < until) {
        try {
          Thread.sleep(Math.min(500, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        if (System.nanoTime() >= nextStatus) {
          last = sampler.refresh();
          status(out, launcher, last);
          nextStatus = System.nanoTime() + statusEvery.toNanos();
        }
      }
      if (!launcher.stopping()) {
        last = sampler.refresh();
      }
    }
    return last;
  }

  private static void status(PrintWriter out, Launcher l, CampaignReport r) {
    long running = l.states().stream().filter(s -> s.state().equals("running")).count();
    int restarts = l.states().stream().mapToInt(Launcher.InstanceState::restarts).sum();
    event(out, running + "/" + l.states().size() + " running, " + execs(r) + ", restarts "
        + restarts);
  }

  private static String execs(CampaignReport r) {
    if (r == null || r.cumulativeExecsPerSec() == null) {
      return "no execs/s yet";
    }
    return String.format(Locale.ROOT, "%,.0f execs/s over %d instance%s",
        r.cumulativeExecsPerSec(), r.cumulativeInstances(),
        r.cumulativeInstances() == 1 ? "" : "s");
  }

  private static void summary(PrintWriter out, Launcher l, CampaignReport last) {
    out.println("launch ended: " + execs(last) + " at the last look");
    for (Launcher.InstanceState s : l.states()) {
      out.println(String.format(Locale.ROOT, "  %-8s cpu %-3d %-8s restarts %d%s", s.name(),
          s.cpu(), s.state(), s.restarts(), s.lastWords().isEmpty() ? ""
              : "  last words: " + String.join(" / ", s.lastWords())));
    }
    out.flush();
  }

  private static void event(PrintWriter out, String line) {
    synchronized (out) {
      out.println(LocalTime.now().format(CLOCK) + "  " + line);
      out.flush();
    }
  }

  private static void writeAtomically(Path file, LaunchFile value) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, Json.toString(value), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // the launch goes on; the file says less
    }
  }

  /** Starts this same command line again in a session of its own, and returns. */
  private int detachSelf() throws IOException {
    List<String> self = ProcFs.live().cmdline((int) ProcessHandle.current().pid());
    if (self.isEmpty()) {
      throw FuzzprofException.data("cannot read this process's command line to detach");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add("setsid");
    boolean marked = false;
    for (String a : self) {
      if (a.equals("--detach")) {
        if (!marked) {
          cmd.add("--detached-child");
          marked = true;
        }
        continue;
      }
      cmd.add(a);
    }
    Path log = output.resolve(LaunchFile.LOG);
    Process child = new ProcessBuilder(cmd)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectErrorStream(true).start();
    long until = System.nanoTime() + readyTimeout.toNanos() * (instances > 0 ? instances : 8)
        + 30_000_000_000L;
    while (System.nanoTime() < until) {
      if (!child.isAlive()) {
        io.err().println("fuzzprof: the detached launch ended at start (exit "
            + child.exitValue() + "); its log " + log + " ends with: "
            + String.join(" / ", dev.fuzzprof.parse.afl.LastWords.of(
                dev.fuzzprof.acquire.launch.InstanceProcess.tail(log, 2048), 3)));
        return Exits.DATA;
      }
      Optional<LaunchRecord> f = LaunchRecords.in(output);
      if (f.isPresent() && f.get().pid() == child.pid() && f.get().allStarted()) {
        io.out().println("launch running in the background: pid " + child.pid() + ", log "
            + log + "; end it with: fuzzprof launch --stop " + output);
        return Exits.OK;
      }
      sleep(200);
    }
    io.out().println("launch started in the background (pid " + child.pid() + ") but not all"
        + " instances are up yet; see " + log);
    return Exits.OK;
  }

  /** Ends the launch whose file is in {@code dir}. */
  private int stopRunning(Path dir) {
    Path file = dir.resolve(LaunchFile.NAME);
    LaunchRecord f = LaunchRecords.in(dir).orElseThrow(() -> FuzzprofException.data(file
        + ": no launch file here (was the campaign started by fuzzprof launch?)"));
    long pid = f.pid();
    String id = f.id();
    ProcFs proc = ProcFs.live();
    boolean alive = LaunchRecords.launcherRuns(proc, f);
    if (alive) {
      Posix.kill(pid, Posix.SIGTERM);
      long until = System.nanoTime() + 30_000_000_000L;
      while (proc.exists((int) pid) && System.nanoTime() < until) {
        sleep(100);
      }
      if (proc.exists((int) pid)) {
        Posix.kill(pid, Posix.SIGKILL); // its guard ends the instances
        sleep(1000);
      }
    }
    int left = Marks.end(proc, id, null, 5_000);
    io.out().println((alive ? "stopped the launch (pid " + pid + ")" : "the launch (pid " + pid
        + ") was not running") + (left > 0 ? "; killed " + left + " process(es) left of it"
        : "") + "; nothing of launch " + id + " is running");
    return Exits.OK;
  }

  private static boolean isEmptyDir(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
