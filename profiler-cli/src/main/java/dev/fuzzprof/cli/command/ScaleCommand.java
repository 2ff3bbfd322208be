package dev.fuzzprof.cli.command;

import dev.fuzzprof.analyze.launch.Mix;
import dev.fuzzprof.analyze.scale.ScaleReport;
import dev.fuzzprof.cli.Exits;
import dev.fuzzprof.cli.Io;
import dev.fuzzprof.parse.proc.CpuListParser;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.render.Json;
import dev.fuzzprof.render.ScaleReportHtml;
import dev.fuzzprof.render.ScaleReportText;
import dev.fuzzprof.service.launch.LaunchSetup;
import dev.fuzzprof.service.launch.ScaleRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "scale",
    mixinStandardHelpOptions = true,
    description = {
      "Measures the scaling curve of your own target on this machine: for each instance count,"
          + " launches that many instances (as fuzzprof launch does: one per CPU, each bound)"
          + " in a fresh OUT/step-N from the same seeds, lets them warm up, measures the step"
          + " (execs/s counted in the kernel, CPU each received, kernel share, run-queue wait),"
          + " stops them, and goes on to the next count.",
      "",
      "Every afl-fuzz instance is -S with the same options, so the 1-instance step is a fair"
          + " baseline and no step carries a main's deterministic stages. Efficiency ="
          + " execs/s(N) / (N x execs/s(1)); the knee is the last count that kept 80%% or more."
          + " Where the data shows it, the report says what explains the loss: SMT siblings"
          + " sharing a core, a kernel share growing with instances, waiting for a CPU.",
      "",
      "Progress goes to stderr; the report to stdout (or --out).",
      "",
      "Examples:",
      "  fuzzprof scale --max 8 --step 60s -i seeds -o scale-out -- ./target_afl @@",
      "  fuzzprof scale --instances 1,2 --step 20s -i seeds -o s --format html --out curve.html"
          + " -- ./target_afl"
    })
public final class ScaleCommand implements Callable<Integer>, OutputOptions.Formats {
  static final String REPORT = "fuzzprof-scale.json";
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private final Io io;

  @Option(names = "--instances", paramLabel = "LIST", split = ",",
      description = "the counts to measure, e.g. 1,2,4,8")
  List<Integer> counts;

  @Option(names = "--max", paramLabel = "N",
      description = "measure 1, 2, 4, ... up to N (default: the allowed CPUs)")
  Integer max;

  @Option(names = "--step", paramLabel = "TIME", defaultValue = "60s",
      converter = DurationOption.Sample.class,
      description = "how long each step is measured (default 60s)")
  Duration step;

  @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "15s",
      converter = DurationOption.Sample.class,
      description = "how long each step runs before it is measured (default 15s; the seeds'"
          + " calibration happens before the stats appear, so this is the first fuzzing)")
  Duration warmup;

  @Option(names = "--cpus", paramLabel = "LIST",
      description = "the CPUs to use, e.g. 0-7 (default: the allowed ones, cores first)")
  String cpus;

  @Option(names = {"-i", "--input"}, paramLabel = "IN", description = "the seed directory")
  Path input;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT",
      description = "a new directory; each step runs in OUT/step-N, and the report is kept in"
          + " OUT/fuzzprof-scale.json")
  Path outDir;

  @Option(names = "--from", paramLabel = "OUT",
      description = "show the report of an earlier scale run in OUT again (e.g. as HTML),"
          + " without running anything")
  Path from;

  @Option(names = "--afl-args", paramLabel = "'OPTS'",
      description = "afl-fuzz options for every instance of every step")
  String aflArgs;

  @Option(names = "--env", paramLabel = "NAME=VALUE",
      description = "a variable for every instance (repeatable; NAME= unsets)")
  Map<String, String> env;

  @Option(names = "--engine", paramLabel = "auto|afl|libfuzzer", defaultValue = "auto",
      description = "what runs the target (default: libfuzzer for a libFuzzer binary)")
  String engine;

  @Option(names = "--afl-fuzz", paramLabel = "PATH", defaultValue = "afl-fuzz",
      description = "the afl-fuzz to run (default: the one on PATH)")
  String aflFuzz;

  @Option(names = "--ready-timeout", paramLabel = "TIME", defaultValue = "120s",
      converter = DurationOption.TrialTime.class,
      description = "how long an instance may take to bind and write its stats (default 120s)")
  Duration readyTimeout;

  @Mixin
  OutputOptions output;

  @Parameters(paramLabel = "TARGET", arity = "0..*",
      description = "after --: the target and its arguments, or the libFuzzer binary")
  List<String> target = new ArrayList<>();

  public ScaleCommand(Io io) {
    this.io = io;
  }

  @Override
  public EnumSet<OutputFormat> formats() {
    return EnumSet.of(OutputFormat.text, OutputFormat.json, OutputFormat.html);
  }

  @Override
  public Integer call() throws IOException {
    output.check();
    if (from != null) {
      ScaleReport saved = read(from.resolve(REPORT));
      write(saved);
      return Exits.OK;
    }
    if (input == null || outDir == null) {
      throw FuzzprofException.usage("give the seeds and a new output dir: -i IN -o OUT"
          + " -- TARGET ... (or --from OUT to show an earlier run)");
    }
    if (counts != null && max != null) {
      throw FuzzprofException.usage("give --instances or --max, not both");
    }
    if (Files.isDirectory(outDir)) {
      try (Stream<Path> s = Files.list(outDir)) {
        if (s.findAny().isPresent()) {
          throw FuzzprofException.usage(outDir + " is not empty: give scale a new -o");
        }
      }
    }
    List<Integer> cpuList = List.of();
    if (cpus != null) {
      cpuList = CpuListParser.parse(cpus).filter(l -> !l.isEmpty()).orElseThrow(() ->
          FuzzprofException.usage("--cpus '" + cpus + "': write CPUs as 0-3,8"));
    }
    int allowed = cpuList.isEmpty() ? dev.fuzzprof.acquire.proc.ProcFs.live()
        .pidStatus((int) ProcessHandle.current().pid())
        .map(s -> s.cpusAllowed().size()).orElse(1) : cpuList.size();
    List<Integer> steps;
    if (counts != null) {
      steps = counts.stream().distinct().sorted().toList();
      if (steps.get(0) < 1) {
        throw FuzzprofException.usage("--instances: counts are 1 or more");
      }
    } else {
      int m = max == null ? allowed : max;
      if (m < 1) {
        throw FuzzprofException.usage("--max must be 1 or more");
      }
      steps = ScaleRun.powersUpTo(m);
    }
    List<String> fuzzerArgs = aflArgs == null || aflArgs.isBlank() ? List.of()
        : Arrays.asList(aflArgs.strip().split("\\s+"));
    LaunchSetup.Options base = new LaunchSetup.Options(engine, aflFuzz, 1, cpuList, input,
        outDir, target, fuzzerArgs, env == null ? Map.of() : env, Mix.PLAIN, Optional.empty(),
        true);
    if (steps.get(steps.size() - 1) > allowed) {
      throw FuzzprofException.usage(steps.get(steps.size() - 1) + " instances but " + allowed
          + " CPUs to give them: scale runs one instance per CPU (give --instances or --max up"
          + " to " + allowed + ")");
    }
    Files.createDirectories(outDir);
    // Ctrl-C or SIGTERM: the running step is stopped and the steps measured so far are written
    ScaleRun.Stop stop = new ScaleRun.Stop();
    CountDownLatch written = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.request();
      try {
        written.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "fuzzprof-scale-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      ScaleReport r = ScaleRun.run(new ScaleRun.Request(base, steps, step, warmup,
          readyTimeout), line -> {
            io.err().println(LocalTime.now().format(CLOCK) + "  " + line);
            io.err().flush();
          }, stop);
      OutputOptions.writeFile(outDir.resolve(REPORT), w -> Json.write(w, r));
      write(r);
      io.out().flush();
      return stop.requested() ? Exits.INTERRUPTED : Exits.OK;
    } finally {
      written.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook has run
      }
    }
  }

  private void write(ScaleReport r) {
    output.write(io, w -> {
      switch (output.format()) {
        case json -> Json.write(w, r);
        case html -> w.print(ScaleReportHtml.render(r));
        case text -> ScaleReportText.write(w, r);
      }
    });
  }

  private static ScaleReport read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw FuzzprofException.data(file + ": no such file (was that folder the -o of fuzzprof"
          + " scale?)");
    }
    try {
      return Json.mapper().copy()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.READ_ENUMS_USING_TO_STRING)
          .disable(com.fasterxml.jackson.databind.DeserializationFeature
              .FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(file.toFile(), ScaleReport.class);
    } catch (IOException e) {
      throw FuzzprofException.data(file + ": not a scale report ("
          + e.getMessage().lines().findFirst().orElse("unreadable") + ")");
    }
  }
}
