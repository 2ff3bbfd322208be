package dev.fuzzprof.service.launch;

import dev.fuzzprof.acquire.afl.AflBinary;
import dev.fuzzprof.acquire.proc.LibFuzzerBinaries;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.analyze.doctor.DoctorReport;
import dev.fuzzprof.analyze.launch.LaunchPlan;
import dev.fuzzprof.analyze.launch.LaunchPlanner;
import dev.fuzzprof.analyze.launch.LaunchRequest;
import dev.fuzzprof.analyze.launch.Mix;
import dev.fuzzprof.parse.afl.AflBuild;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.service.doctor.BoxCheck;
import dev.fuzzprof.service.doctor.DoctorRequest;
import dev.fuzzprof.parse.proc.CpuListParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What launch and scale share before anything starts: the engine (afl-fuzz, or a libFuzzer
 * binary run as it is), the checks of the inputs, the box check of doctor (whose CPU order and
 * held CPUs the plan uses) and the plan.
 */
public final class LaunchSetup {
  private LaunchSetup() {}

  /** What the user gave. {@code cpus} empty: the box's order; {@code instances} 0: all CPUs. */
  public record Options(String engine, String aflFuzz, int instances, List<Integer> cpus,
      Path input, Path output, List<String> target, List<String> fuzzerArgs,
      Map<String, String> env, Mix mix, Optional<Path> cmplog, boolean allSecondaries) {}

  /** A plan, the box check it was made from, and the variables to set (null: unset). */
  public record Prepared(LaunchPlan plan, DoctorReport box, Map<String, String> env) {}

  public static Prepared prepare(Options o) {
    if (o.target().isEmpty()) {
      throw FuzzprofException.usage("give the target after --: ... -- ./target @@ (afl-fuzz)"
          + " or -- ./libfuzzer_binary (libFuzzer)");
    }
    Path target = Path.of(o.target().get(0));
    if (!Files.isRegularFile(target) || !Files.isExecutable(target)) {
      throw FuzzprofException.data(target + ": not an executable file");
    }
    if (!Files.isDirectory(o.input())) {
      throw FuzzprofException.data(o.input() + ": no such directory of seeds (-i)");
    }
    if (isEmpty(o.input())) {
      throw FuzzprofException.data(o.input() + ": no seed in it; put at least one input file"
          + " there (afl-fuzz refuses an empty -i)");
    }
    boolean libFuzzer = switch (o.engine()) {
      case "afl" -> false;
      case "libfuzzer" -> true;
      case "auto" -> LibFuzzerBinaries.isLibFuzzerProgram(target);
      default -> throw FuzzprofException.usage("--engine must be auto, afl or libfuzzer (got '"
          + o.engine() + "')");
    };
    Optional<AflBuild> build = Optional.empty();
    String fuzzer = "";
    if (!libFuzzer) {
      Path afl = AflBinary.locate(o.aflFuzz());
      build = Optional.of(AflBinary.probe(afl));
      fuzzer = afl.toString();
    }
    Map<String, String> env = new HashMap<>();
    for (String name : List.of("AFL_TMPDIR", "AFL_NO_AFFINITY", "AFL_TRY_AFFINITY",
        "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "AFL_SKIP_CPUFREQ")) {
      String v = System.getenv(name);
      if (v != null) {
        env.put(name, v);
      }
    }
    env.putAll(o.env());
    env.values().removeIf(v -> v == null || v.isEmpty());
    boolean bindsWithB = build.map(AflBuild::bindsWithB).orElse(false)
        && !env.containsKey("AFL_NO_AFFINITY");
    DoctorReport box = BoxCheck.check(ProcFs.live(), Path.of("/sys"), new DoctorRequest(
        o.instances() > 0 ? o.instances() : o.cpus().size(), Optional.of(o.output()), env,
        bindsWithB, Set.of(), Optional.empty()));
    List<Integer> cpus;
    if (o.cpus().isEmpty()) {
      cpus = box.cpuOrder();
    } else {
      List<Integer> outside = o.cpus().stream().filter(c -> !box.allowedCpus().contains(c))
          .toList();
      if (!outside.isEmpty()) {
        throw FuzzprofException.usage("--cpus: " + CpuListParser.format(outside)
            + " not allowed to this process (allowed: " + CpuListParser.format(box.allowedCpus())
            + ")");
      }
      cpus = o.cpus().stream().distinct().toList();
    }
    int n = o.instances() > 0 ? o.instances() : cpus.size();
    LaunchRequest req = new LaunchRequest(build, fuzzer, n, cpus, Set.copyOf(box.heldCpus()),
        o.input().toAbsolutePath().toString(), o.output().toAbsolutePath().toString(),
        absoluteTarget(o.target()), o.fuzzerArgs(), env, o.mix(),
        o.cmplog().map(p -> p.toAbsolutePath().toString()), o.allSecondaries());
    Map<String, String> instanceEnv = new HashMap<>(); // an empty value unsets the variable
    o.env().forEach((k, v) -> instanceEnv.put(k, v == null || v.isEmpty() ? null : v));
    return new Prepared(LaunchPlanner.plan(req), box, instanceEnv);
  }

  private static List<String> absoluteTarget(List<String> target) {
    List<String> t = new ArrayList<>(target);
    t.set(0, Path.of(t.get(0)).toAbsolutePath().toString());
    return t;
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      throw FuzzprofException.data(dir + ": cannot read: " + e.getMessage());
    }
  }
}
