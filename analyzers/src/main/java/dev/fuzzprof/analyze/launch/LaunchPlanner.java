package dev.fuzzprof.analyze.launch;

import dev.fuzzprof.parse.afl.AflBuild;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.parse.proc.CpuListParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import dev.fuzzprof.parse.sys.CpuTopology;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a request into a plan: one instance per CPU, each bound to its own, CPUs that another
 * process is bound to alone last (an instance there shares its CPU). AFL++ binds itself with
 * {@code -b CPU} (4.04c binds there whatever else is bound to that CPU), except when the user's
 * environment sets {@code AFL_NO_AFFINITY} (afl-fuzz aborts when both are given): there, and for
 * AFL 2.x, which has no {@code -b}, the instance runs under {@code taskset -c CPU} with
 * {@code AFL_NO_AFFINITY=1}. libFuzzer's workers run under {@code taskset -c CPU} on one corpus.
 */
public final class LaunchPlanner {
  /** The power schedules the diverse mix hands to secondaries in turn (AFL++'s {@code -p}). */
  static final List<String> SCHEDULES =
      List.of("fast", "explore", "coe", "lin", "quad", "exploit", "rare");

  private LaunchPlanner() {}

  public static LaunchPlan plan(LaunchRequest r) {
    if (r.instances() < 1) {
      throw FuzzprofException.usage("give at least one instance (-n 1 or more)");
    }
    if (r.instances() > r.cpus().size()) {
      throw FuzzprofException.usage(r.instances() + " instances but " + r.cpus().size()
          + " CPUs to give them (" + CpuListParser.format(r.cpus()) + "): launch runs one instance per CPU; an"
          + " instance more than the CPUs only takes time from the others");
    }
    List<Integer> order = new ArrayList<>();
    r.cpus().stream().filter(c -> !r.heldCpus().contains(c)).forEach(order::add);
    r.cpus().stream().filter(c -> r.heldCpus().contains(c)).forEach(order::add);
    List<Integer> cpus = List.copyOf(order.subList(0, r.instances()));
    return r.libFuzzer() ? libFuzzer(r, cpus) : afl(r, r.afl().get(), cpus);
  }

  /**
   * Disjoint CPU sets of {@code size} CPUs each for trials that run side by side (compare
   * --run: one set per arm), from {@code order} (the box's order: physical cores first) with
   * held CPUs last, and of the same SMT layout, with no core split between two sets (two
   * hardware threads of one core would make the trials on them slow each other): one thread of
   * each of {@code size} cores per set while there are cores enough, else whole cores (size a
   * multiple of the threads per core); anything else is refused with the sizes that work.
   *
   * @param topology the box's cores, or null: each CPU a core of its own
   */
  public static List<List<Integer>> cpuSets(List<Integer> order, Set<Integer> held, int size,
      int sets, CpuTopology topology) {
    if (size < 1) {
      throw FuzzprofException.usage("give at least one CPU per trial (--cpus-per-trial 1 or"
          + " more)");
    }
    List<Integer> free = new ArrayList<>();
    order.stream().distinct().filter(c -> !held.contains(c)).forEach(free::add);
    order.stream().distinct().filter(held::contains).forEach(free::add);
    if (free.size() < size * sets) {
      throw FuzzprofException.usage(sets + " trials side by side with " + size + " CPU"
          + (size == 1 ? "" : "s") + " each need " + size * sets + " CPUs; this process may"
          + " use " + free.size() + " (" + CpuListParser.format(order) + "): give fewer"
          + " --cpus-per-trial");
    }
    // the cores, in the order their first free thread comes; each core's threads in that order
    Map<Integer, List<Integer>> cores = new LinkedHashMap<>();
    for (int c : free) {
      List<Integer> sib = topology == null ? List.of(c)
          : topology.cpu(c).map(CpuTopology.Cpu::siblings).orElse(List.of(c));
      int key = sib.stream().filter(free::contains).min(Integer::compare).orElse(c);
      cores.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
    }
    List<List<Integer>> byCore = List.copyOf(cores.values());
    List<List<Integer>> out = new ArrayList<>();
    if (byCore.size() >= size * sets) {
      for (int k = 0; k < sets; k++) {
        List<Integer> set = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          set.add(byCore.get(k * size + i).get(0));
        }
        out.add(List.copyOf(set));
      }
      return out;
    }
    int threads = byCore.get(0).size();
    boolean uniform = byCore.stream().allMatch(c -> c.size() == threads);
    if (uniform && threads > 1 && size % threads == 0 && byCore.size() >= size / threads * sets) {
      int per = size / threads;
      for (int k = 0; k < sets; k++) {
        List<Integer> set = new ArrayList<>();
        for (int i = 0; i < per; i++) {
          set.addAll(byCore.get(k * per + i));
        }
        out.add(List.copyOf(set));
      }
      return out;
    }
    int oneThread = byCore.size() / sets;
    throw FuzzprofException.usage(sets + " trials of " + size + " CPUs cannot have the same SMT"
        + " layout here (" + byCore.size() + " cores" + (uniform && threads > 1 ? " of "
        + threads + " threads" : "") + "): give --cpus-per-trial up to " + oneThread
        + " (one thread per core)" + (uniform && threads > 1 ? " or a multiple of " + threads
        + " up to " + byCore.size() / sets * threads + " (whole cores)" : ""));
  }

  /**
   * The set an arm gets in a round (both 0-based): arm 0 takes set 0 in even rounds and set 1
   * in odd ones, arm 1 the other, so over the rounds each arm runs on each set alike.
   */
  public static int setOf(int arm, int round) {
    return (arm + round) % 2;
  }

  /**
   * The command line and variables of a dead instance started again in its folder: AFL++ with
   * {@code AFL_AUTORESUME=1}, AFL 2.x with {@code -i -} (resume from its own queue);
   * a libFuzzer worker as before, since its corpus is on disk.
   */
  public static PlannedInstance forRestart(PlannedInstance i, String engine) {
    if (engine.equals("libfuzzer")) {
      return i;
    }
    if (engine.equals("afl++")) {
      Map<String, String> env = new LinkedHashMap<>(i.env());
      env.put("AFL_AUTORESUME", "1");
      return new PlannedInstance(i.name(), i.role(), i.cpu(), i.binding(), i.command(), env,
          i.options(), i.log(), i.statsFile(), i.notes());
    }
    List<String> cmd = new ArrayList<>(i.command());
    int at = cmd.indexOf("-i");
    if (at >= 0 && at + 1 < cmd.size()) {
      cmd.set(at + 1, "-");
    }
    return new PlannedInstance(i.name(), i.role(), i.cpu(), i.binding(), cmd, i.env(),
        i.options(), i.log(), i.statsFile(), i.notes());
  }

  private static LaunchPlan afl(LaunchRequest r, AflBuild build, List<Integer> cpus) {
    List<String> notes = new ArrayList<>();
    boolean plusPlus = build.bindsWithB();
    boolean userNoAffinity = r.env().containsKey("AFL_NO_AFFINITY")
        && !r.env().get("AFL_NO_AFFINITY").isEmpty();
    if (plusPlus && userNoAffinity) {
      notes.add("AFL_NO_AFFINITY is set: every instance is bound with taskset instead of"
          + " afl-fuzz -b (afl-fuzz aborts when both are given)");
    }
    Mix mix = r.mix();
    if (mix == Mix.DIVERSE && !plusPlus) {
      notes.add("--mix diverse needs AFL++ (-p, -L); AFL " + build.version()
          + " runs every instance with the same options");
      mix = Mix.PLAIN;
    }
    int n = cpus.size();
    int secondaries = r.allSecondaries() ? n : n - 1;
    int mopt = Math.round(secondaries * 0.1f);
    int noTrim = Math.round(secondaries * 0.6f);
    int cmplog = r.cmplog().isEmpty() ? 0 : secondaries >= 8 ? 2 : Math.min(1, secondaries);
    if (mix == Mix.DIVERSE && r.cmplog().isEmpty()) {
      notes.add("no --cmplog BIN given: no instance runs CMPLOG (-c), which AFL++'s guide"
          + " recommends on one or two secondaries");
    }
    if (mix == Mix.DIVERSE && !build.finalSync()) {
      notes.add("this afl-fuzz (" + build.version() + ") has no AFL_FINAL_SYNC: the main"
          + " instance does not sync a last time when it stops");
    }
    List<PlannedInstance> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      boolean main = !r.allSecondaries() && k == 0;
      int secondary = r.allSecondaries() ? k + 1 : k; // 1-based among the secondaries
      String name = main ? "main" : "s" + secondary;
      int cpu = cpus.get(k);
      List<String> instanceNotes = new ArrayList<>();
      if (r.heldCpus().contains(cpu)) {
        instanceNotes.add("CPU " + cpu + " is also held by another process bound to it alone"
            + " (see pinned-process): this instance shares it with that process");
      }
      boolean taskset = !plusPlus || userNoAffinity;
      Map<String, String> env = new LinkedHashMap<>();
      env.put("AFL_NO_UI", "1");
      List<String> options = new ArrayList<>();
      List<String> cmd = new ArrayList<>();
      if (taskset) {
        cmd.addAll(List.of("taskset", "-c", Integer.toString(cpu)));
        env.put("AFL_NO_AFFINITY", "1");
      }
      cmd.add(r.fuzzer());
      cmd.addAll(List.of("-i", r.inputDir(), "-o", r.outputDir(), main ? "-M" : "-S", name));
      if (!taskset) {
        cmd.addAll(List.of("-b", Integer.toString(cpu)));
      }
      if (mix == Mix.DIVERSE) {
        if (main) {
          if (build.finalSync()) {
            env.put("AFL_FINAL_SYNC", "1");
            options.add("AFL_FINAL_SYNC=1");
          }
        } else {
          String p = SCHEDULES.get((secondary - 1) % SCHEDULES.size());
          cmd.addAll(List.of("-p", p));
          options.add("-p " + p);
          if (secondary > secondaries - mopt) {
            cmd.addAll(List.of("-L", "0"));
            options.add("-L 0");
          }
          if (secondary <= noTrim) {
            env.put("AFL_DISABLE_TRIM", "1");
            options.add("AFL_DISABLE_TRIM=1");
          }
          if (secondary <= cmplog) {
            cmd.addAll(List.of("-c", r.cmplog().get()));
            options.add("-c CMPLOG");
          }
        }
      }
      cmd.addAll(r.fuzzerArgs());
      cmd.add("--");
      cmd.addAll(r.target());
      String dir = r.outputDir() + "/" + name;
      out.add(new PlannedInstance(name, main ? "main" : "secondary", cpu,
          taskset ? "taskset" : "afl-fuzz -b", List.copyOf(cmd), env, options,
          r.outputDir() + "/" + name + ".log", dir + "/fuzzer_stats", instanceNotes));
    }
    return new LaunchPlan(plusPlus ? "afl++" : "afl", build.version(), r.outputDir(),
        mix.toString(), out, List.of(r.outputDir()), notes);
  }

  private static LaunchPlan libFuzzer(LaunchRequest r, List<Integer> cpus) {
    List<String> notes = new ArrayList<>();
    if (r.mix() == Mix.DIVERSE) {
      notes.add("--mix diverse is for afl-fuzz; every libFuzzer worker runs the same flags");
    }
    if (!r.fuzzerArgs().isEmpty()) {
      notes.add("--afl-args is for afl-fuzz and is not used; put libFuzzer flags after the"
          + " binary, after --");
    }
    List<PlannedInstance> out = new ArrayList<>();
    for (int k = 0; k < cpus.size(); k++) {
      int cpu = cpus.get(k);
      String name = "fuzz-" + k;
      List<String> instanceNotes = r.heldCpus().contains(cpu)
          ? List.of("CPU " + cpu + " is also held by another process bound to it alone"
              + " (see pinned-process): this worker shares it with that process")
          : List.of();
      List<String> cmd = new ArrayList<>(List.of("taskset", "-c", Integer.toString(cpu)));
      cmd.addAll(r.target());
      cmd.add("-artifact_prefix=" + r.outputDir() + "/crashes/");
      cmd.add(r.outputDir() + "/corpus");
      cmd.add(r.inputDir());
      String log = r.outputDir() + "/" + name + ".log";
      out.add(new PlannedInstance(name, "worker", cpu, "taskset", List.copyOf(cmd), Map.of(),
          List.of(), log, log, instanceNotes));
    }
    return new LaunchPlan("libfuzzer", "", r.outputDir(), Mix.PLAIN.toString(), out,
        List.of(r.outputDir(), r.outputDir() + "/corpus", r.outputDir() + "/crashes"), notes);
  }
}
