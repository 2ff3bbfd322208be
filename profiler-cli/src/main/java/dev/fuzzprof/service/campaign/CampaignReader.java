package dev.fuzzprof.service.campaign;

import dev.fuzzprof.acquire.InstanceFiles;
import dev.fuzzprof.acquire.proc.FuzzerProcesses;
import dev.fuzzprof.acquire.proc.FuzzerProcesses.FuzzerProcess;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.analyze.campaign.CampaignObservation;
import dev.fuzzprof.analyze.campaign.CpuTime;
import dev.fuzzprof.analyze.campaign.TreeCpu;
import dev.fuzzprof.analyze.campaign.CampaignObservation.Instance;
import dev.fuzzprof.analyze.campaign.CampaignObservation.Process;
import dev.fuzzprof.parse.afl.AflArgs;
import dev.fuzzprof.parse.afl.AflCommandLineParser;
import dev.fuzzprof.parse.afl.FuzzerSetup;
import dev.fuzzprof.parse.afl.FuzzerSetupParser;
import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.FuzzerStatsParser;
import dev.fuzzprof.parse.afl.PlotData;
import dev.fuzzprof.parse.afl.PlotDataParser;
import dev.fuzzprof.parse.afl.Role;
import dev.fuzzprof.parse.perf.CpuSample;
import dev.fuzzprof.parse.proc.ProcStat;
import dev.fuzzprof.parse.proc.ProcessMoment;
import dev.fuzzprof.parse.sys.CpuTopology;
import dev.fuzzprof.parse.sys.Machine;
import java.nio.file.Path;
import dev.fuzzprof.parse.libfuzzer.LibFuzzerLog;
import dev.fuzzprof.parse.libfuzzer.LibFuzzerLogParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * acquire -> parse for a campaign at one moment: each instance folder's files, the afl-fuzz that
 * writes it (found by its -o in /proc, or by fuzzer_stats' fuzzer_pid) with its process tree,
 * and /proc/stat. Two readings and the cases counted between them make a
 * {@link CampaignObservation}. scaling-report, snapshot (live and replayed) and top all read a
 * campaign through here, so they cannot disagree on which process is which instance.
 */
public final class CampaignReader {
  private CampaignReader() {}

  /** One instance folder at one moment. */
  public record InstanceReading(InstanceFiles files, FuzzerStats stats, PlotData plot,
      FuzzerSetup setup, AflArgs args, Integer pid, Process process,
      List<ProcessMoment> tree, String note, LibFuzzerLog log) {

    InstanceReading(InstanceFiles files, FuzzerStats stats, PlotData plot, FuzzerSetup setup,
        AflArgs args, Integer pid, Process process, List<ProcessMoment> tree, String note) {
      this(files, stats, plot, setup, args, pid, process, tree, note, null);
    }

    /** afl-fuzz's fork server (its child that is not afl-fuzz), or -1. */
    public int forkServer() {
      if (tree.size() < 2) {
        return -1;
      }
      int afl = tree.get(0).pid();
      return tree.stream().skip(1).filter(m -> m.stat().ppid() == afl).map(ProcessMoment::pid)
          .findFirst().orElse(-1);
    }
  }

  /**
   * A campaign at one moment.
   *
   * @param self fuzzprof's own process (its CPU is not the campaign's), or null
   */
  public record Reading(List<InstanceReading> instances, ProcStat stat, double uptime,
      ProcessMoment self, List<String> problems) {}

  /** Reads every instance and /proc now. */
  public static Reading read(List<InstanceFiles> files, ProcFs proc) {
    return read(files, proc, null);
  }

  /**
   * Reads every instance and /proc now; a file of an instance folder whose text is the same as
   * in {@code earlier} keeps the records parsed from it then (fuzzer_stats between AFL's
   * rewrites, fuzzer_setup always, plot_data of a finished instance).
   *
   * @param earlier the last reading of the same campaign, or null
   */
  public static Reading read(List<InstanceFiles> files, ProcFs proc, Reading earlier) {
    Map<String, InstanceReading> parsed = new HashMap<>();
    if (earlier != null) {
      earlier.instances().forEach(i -> parsed.put(i.files().dir(), i));
    }
    List<FuzzerProcess> running = new FuzzerProcesses(proc).running();
    ProcStat stat = proc.stat().orElse(null);
    double up = proc.uptime().orElse(Double.NaN);
    List<InstanceReading> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<Path> logs = files.stream().filter(f -> f.fromLibFuzzer() && f.knownPid() == null)
        .map(f -> Path.of(f.dir())).toList();
    Map<Path, Integer> writers = logs.isEmpty() ? Map.of()
        : new FuzzerProcesses(proc).logWriters(logs);
    for (InstanceFiles f : files) {
      out.add(f.fromLibFuzzer() ? libFuzzerJob(f, writers, proc, problems, parsed.get(f.dir()))
          : instance(f, running, proc, problems, parsed.get(f.dir())));
    }
    ProcessMoment self = proc.moment((int) ProcessHandle.current().pid()).orElse(null);
    return new Reading(List.copyOf(out), stat, up, self, List.copyOf(problems));
  }

  private static InstanceReading instance(InstanceFiles f, List<FuzzerProcess> running,
      ProcFs proc, List<String> problems, InstanceReading earlier) {
    // each file's records are kept while its text is the same (the same String when FileTexts
    // did not read it again: one comparison of references)
    InstanceFiles then = earlier == null || earlier.log() != null ? null : earlier.files();
    boolean sameStats = then != null && Objects.equals(then.fuzzerStats(), f.fuzzerStats())
        && (f.fuzzerStats() == null || earlier.stats() != null);
    boolean samePlot = then != null && Objects.equals(then.plotData(), f.plotData());
    boolean sameSetup = then != null && Objects.equals(then.fuzzerSetup(), f.fuzzerSetup());
    FuzzerStats stats = sameStats ? earlier.stats() : f.fuzzerStats() == null ? null
        : FuzzerStatsParser.parse(f.fuzzerStats());
    if (stats != null && stats.isEmpty()) {
      problems.add(f.name() + ": fuzzer_stats is empty");
      stats = null;
    } else if (stats != null && !stats.warnings().isEmpty()) {
      problems.add(f.name() + ": fuzzer_stats: " + stats.warnings().get(0));
    }
    PlotData plot = samePlot ? earlier.plot() : f.plotData() == null ? null
        : PlotDataParser.parse(f.plotData());
    FuzzerSetup setup = sameSetup ? earlier.setup() : f.fuzzerSetup() == null ? null
        : FuzzerSetupParser.parse(f.fuzzerSetup());
    Path dir = Path.of(f.dir()).toAbsolutePath().normalize();
    Optional<FuzzerProcess> writer = running.stream()
        .filter(r -> dir.equals(r.instanceDir())).findFirst();
    // the files' command line, when they have one, is the same as last time
    boolean argsFromFiles = (stats != null && stats.commandLine() != null)
        || (setup != null && !setup.argv().isEmpty());
    AflArgs args = sameStats && sameSetup && argsFromFiles ? earlier.args()
        : args(stats, setup, writer.orElse(null), f.name());
    Integer pid = null;
    Process process = Process.NONE;
    String note = null;
    List<ProcessMoment> tree = List.of();
    if (writer.isPresent()) {
      pid = writer.get().pid();
      tree = proc.tree(pid);
      process = tree.isEmpty() ? Process.GONE : Process.LIVE;
    } else if (stats != null && stats.fuzzerPid() != null && stats.fuzzerPid() > 0) {
      pid = stats.fuzzerPid();
      Optional<dev.fuzzprof.parse.proc.PidStat> st = proc.pidStat(pid);
      if (st.isEmpty() || st.get().state() == 'Z') {
        process = Process.GONE;
      } else if (!new FuzzerProcesses(proc).isAflFuzz(pid, st.get())) {
        process = Process.REUSED;
        note = "pid " + pid + " now belongs to '" + st.get().comm() + "', not afl-fuzz";
      } else {
        tree = proc.tree(pid);
        process = tree.isEmpty() ? Process.GONE : Process.LIVE;
      }
    }
    return new InstanceReading(f, stats, plot, setup, args, pid, process, tree, note);
  }

  /** A libFuzzer job's log, and the live process that writes it (its stderr is the log). */
  private static InstanceReading libFuzzerJob(InstanceFiles f, Map<Path, Integer> writers,
      ProcFs proc, List<String> problems, InstanceReading earlier) {
    LibFuzzerLog log = earlier != null && earlier.log() != null
        && Objects.equals(earlier.files().libFuzzerLog(), f.libFuzzerLog()) ? earlier.log()
        : LibFuzzerLogParser.parse(f.libFuzzerLog());
    if (!log.warnings().isEmpty()) {
      problems.add(f.name() + ": " + log.warnings().get(0));
    }
    Integer pid = f.knownPid() != null ? f.knownPid()
        : writers.get(Path.of(f.dir()).toAbsolutePath().normalize());
    List<ProcessMoment> tree = pid == null ? List.of() : proc.tree(pid);
    Process process = pid == null ? Process.NONE : tree.isEmpty() ? Process.GONE : Process.LIVE;
    List<String> argv = pid == null ? List.of() : proc.cmdline(pid);
    AflArgs args = new AflArgs(f.name(), Role.JOB, null, null, null, argv);
    return new InstanceReading(f, null, null, null, args, pid, process, tree, null, log);
  }

  /** What the command line says: fuzzer_stats, else fuzzer_setup, else the live argv. */
  private static AflArgs args(FuzzerStats stats, FuzzerSetup setup, FuzzerProcess writer,
      String name) {
    AflArgs a = null;
    if (stats != null && stats.commandLine() != null) {
      a = AflCommandLineParser.parse(stats.commandLine());
    } else if (setup != null && !setup.argv().isEmpty()) {
      a = AflCommandLineParser.parse(setup.argv());
    } else if (writer != null) {
      a = writer.args();
    }
    if (a == null) {
      return new AflArgs(name, Role.UNKNOWN, null, null, null, List.of());
    }
    return a;
  }

  /**
   * Two readings and what was counted between them.
   *
   * @param counted cases per fork-server pid over {@code countedSeconds}; empty when not counted
   * @param earlier an earlier, different fuzzer_stats per instance folder (top keeps them), or
   *     an empty map
   */
  public static CampaignObservation between(String source, Reading first, Reading second,
      Map<Integer, Long> counted, double countedSeconds, Map<String, FuzzerStats> earlier,
      CpuTopology topology, long hz, long now, CampaignObservation.Baseline baseline,
      List<String> notes, List<CpuSample> cpuSamples, Machine machine) {
    double seconds = second.uptime() - first.uptime();
    boolean sampled = first.stat() != null && second.stat() != null && seconds > 0;
    Map<String, InstanceReading> then = new HashMap<>();
    first.instances().forEach(i -> then.put(i.files().dir(), i));
    List<Instance> out = new ArrayList<>();
    List<String> allNotes = new ArrayList<>(notes);
    for (InstanceReading now2 : second.instances()) {
      InstanceReading b = then.get(now2.files().dir());
      Process process = now2.process();
      List<ProcessMoment> before = List.of();
      List<ProcessMoment> after = List.of();
      if (b != null && b.process() == Process.LIVE) {
        boolean same = process == Process.LIVE && !now2.tree().isEmpty()
            && now2.tree().get(0).sameProcess(b.tree().get(0));
        if (same) {
          before = b.tree();
          after = now2.tree();
        } else {
          process = Process.EXITED;
        }
      } else if (process == Process.LIVE) {
        after = now2.tree(); // appeared between the readings: no CPU figure for it yet
      }
      FuzzerStats earlierStats = earlier.get(now2.files().dir());
      if (earlierStats == null && b != null && b.stats() != null && now2.stats() != null
          && !java.util.Objects.equals(b.stats().lastUpdate(), now2.stats().lastUpdate())) {
        earlierStats = b.stats();
      }
      int server = b == null ? -1 : b.forkServer();
      Long cases = server > 0 ? counted.get(server) : null;
      out.add(new Instance(now2.files().name(), now2.files().dir(), now2.stats(), earlierStats,
          now2.plot(), now2.args(), now2.setup(), now2.pid(), process, before, after, cases,
          cases == null ? null : countedSeconds, now2.log()));
      if (now2.note() != null) {
        allNotes.add(now2.files().name() + ": " + now2.note());
      }
    }
    TreeCpu observer = sampled && first.self() != null && second.self() != null
        ? CpuTime.tree(List.of(first.self()), List.of(second.self()), seconds, hz) : null;
    return new CampaignObservation(source, out, sampled ? first.stat() : null,
        sampled ? second.stat() : null, sampled ? seconds : 0, hz, topology, now, baseline,
        allNotes, cpuSamples, machine, observer == null ? 0 : observer.cpuPercent());
  }
}
