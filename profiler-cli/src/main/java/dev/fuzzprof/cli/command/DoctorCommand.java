package dev.fuzzprof.cli.command;

import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.analyze.doctor.DoctorReport;
import dev.fuzzprof.cli.Exits;
import dev.fuzzprof.cli.Io;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.render.DoctorReportText;
import dev.fuzzprof.render.Json;
import dev.fuzzprof.service.doctor.BoxCheck;
import dev.fuzzprof.service.doctor.DoctorRequest;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Checks this box before a fuzzing campaign and says what would slow it down or stop it,"
          + " with the command that fixes each. Reads /proc and /sys only; changes nothing."
          + " Exit 0 even with findings (it is a report).",
      "",
      "Checks (finding ids in brackets):",
      "  core_pattern [core-pattern-pipe]: a pattern starting with | sends every crash's core"
          + " to a helper; afl-fuzz hears of crashes late and refuses to start without"
          + " AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES.",
      "  cpu frequency governor [cpufreq-governor]: a CPU to be used that is not on"
          + " 'performance' runs slower and varies; not applicable where there is no cpufreq"
          + " (most VMs).",
      "  output dir / AFL_TMPDIR on tmpfs [cur-input-on-disk]: afl-fuzz writes each case of a"
          + " file- or stdin-input target to .cur_input in AFL_TMPDIR, else in the -o dir;"
          + " that file should be in memory (AFL_TMPDIR=/dev/shm).",
      "  instances fit the allowed CPUs [oversubscribed]: -n against Cpus_allowed_list within"
          + " the cgroup's cpuset.",
      "  AFL_NO_AFFINITY with -b [no-affinity-with-bind]: afl-fuzz aborts at start when both"
          + " are given (unless AFL_TRY_AFFINITY is set).",
      "  open files / process limit [low-nofile-limit, low-nproc-limit]: /proc/self/limits"
          + " against what afl-fuzz and its target need (4 processes per instance).",
      "  processes bound to one CPU [pinned-process]: AFL++'s default binding treats their"
          + " CPU as taken; a stopped one (State T) is usually the orphaned persistent target"
          + " of a killed afl-fuzz.",
      "",
      "Also printed: the allowed CPUs and the order to hand them to instances (one hardware"
          + " thread per core first, SMT siblings last).",
      "",
      "Example: fuzzprof doctor -n 8 -o /srv/fuzz/out --bind"
    })
public final class DoctorCommand implements Callable<Integer>, OutputOptions.Formats {
  /** The variables of the campaign's environment the checks look at. */
  static final List<String> AFL_VARIABLES = List.of("AFL_TMPDIR", "AFL_NO_AFFINITY",
      "AFL_TRY_AFFINITY", "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "AFL_SKIP_CPUFREQ");

  private final Io io;

  @Option(names = {"-n", "--instances"}, paramLabel = "N", defaultValue = "0",
      description = "how many afl-fuzz instances will run (default: one per allowed CPU)")
  int instances;

  @Option(names = {"-o", "--output-dir"}, paramLabel = "OUT_DIR",
      description = "the campaign's afl-fuzz -o directory (it need not exist yet)")
  Path outputDir;

  @Option(names = "--bind",
      description = "instances will be started with afl-fuzz -b CPU")
  boolean bind;

  @Option(names = "--env", paramLabel = "NAME=VALUE",
      description = "a variable as the campaign will see it, when it differs from this"
          + " shell's (repeatable; NAME= alone: unset)")
  Map<String, String> env;

  @Option(names = "--proc-root", paramLabel = "DIR", hidden = true, defaultValue = "/proc",
      description = "read a recorded /proc tree instead of /proc")
  Path procRoot;

  @Option(names = "--sys-root", paramLabel = "DIR", hidden = true, defaultValue = "/sys",
      description = "read a recorded /sys tree instead of /sys")
  Path sysRoot;

  @Mixin
  OutputOptions output;

  public DoctorCommand(Io io) {
    this.io = io;
  }

  @Override
  public EnumSet<OutputFormat> formats() {
    return EnumSet.of(OutputFormat.text, OutputFormat.json);
  }

  @Override
  public Integer call() {
    output.check();
    if (instances < 0) {
      throw FuzzprofException.usage("-n " + instances + ": give a count of instances, 1 or"
          + " more");
    }
    Map<String, String> campaignEnv = new HashMap<>();
    for (String name : AFL_VARIABLES) {
      String v = System.getenv(name);
      if (v != null) {
        campaignEnv.put(name, v);
      }
    }
    if (env != null) {
      env.forEach((k, v) -> {
        if (v == null || v.isEmpty()) {
          campaignEnv.remove(k);
        } else {
          campaignEnv.put(k, v);
        }
      });
    }
    DoctorReport r = BoxCheck.check(new ProcFs(procRoot), sysRoot, new DoctorRequest(instances,
        Optional.ofNullable(outputDir), campaignEnv, bind, Set.of(),
        // the shell that ran us: afl-fuzz started there gets its limits, not the JVM's
        ProcessHandle.current().parent().map(p -> (int) p.pid())));
    output.write(io, w -> {
      switch (output.format()) {
        case json -> Json.write(w, r);
        case text, html -> DoctorReportText.write(w, r);
      }
    });
    return Exits.OK;
  }
}
