package dev.fuzzprof.service.campaign;

import dev.fuzzprof.acquire.CampaignFiles;
import dev.fuzzprof.service.SystemFacts;

import dev.fuzzprof.acquire.InstanceFiles;
import dev.fuzzprof.acquire.afl.AflOutputDir;
import dev.fuzzprof.acquire.perf.CaseCounter;
import dev.fuzzprof.acquire.proc.FuzzerProcesses;
import dev.fuzzprof.acquire.proc.FuzzerProcesses.FuzzerProcess;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.acquire.sys.MachineInventory;
import dev.fuzzprof.acquire.sys.SysCpu;
import dev.fuzzprof.analyze.campaign.CampaignAnalyzer;
import dev.fuzzprof.analyze.campaign.CampaignObservation;
import dev.fuzzprof.analyze.campaign.CampaignReport;
import dev.fuzzprof.analyze.campaign.InstanceStatus;
import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.sys.CpuTopology;
import dev.fuzzprof.problem.FuzzprofException;
import java.nio.file.Path;
import dev.fuzzprof.acquire.libfuzzer.LibFuzzerLogs;
import dev.fuzzprof.acquire.proc.FuzzerProcesses.LibFuzzerProcess;
import java.nio.file.Files;
import java.util.Optional;
import dev.fuzzprof.acquire.perf.UprobeCounter;
import dev.fuzzprof.analyze.campaign.CampaignObservation.Instance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code fuzzprof top} shows, one refresh at a time: the campaign read through
 * {@link CampaignReader} (the same reader as scaling-report), analyzed over the interval since
 * the last refresh by the same {@link CampaignAnalyzer}. Each refresh reads fuzzer_stats and the
 * last 4 KB of plot_data per instance. While some instance is in its first minute (AFL++ has
 * written no rate yet), its fork server's cases are counted in the kernel between refreshes.
 */
public final class TopSampler implements AutoCloseable {
  static final long PLOT_TAIL = 4096;

  private final ProcFs proc;
  private final Path outDir;
  private final CpuTopology topology;
  private final Map<String, FuzzerStats> earlier = new HashMap<>();
  private CampaignReader.Reading previous;
  private CaseCounter counter;
  /** Why the cases of starting instances could not be counted at the last try, or null. */
  private String notCounted;
  private final boolean keepSeen;
  /** Without OUT_DIR and with keepSeen: every instance folder seen, while it exists. */
  private final Set<Path> seen = new LinkedHashSet<>();
  /** Without OUT_DIR and with keepSeen: every libFuzzer log seen written, while it exists. */
  private final Set<Path> seenLogs = new LinkedHashSet<>();

  /** @param outDir the afl-fuzz -o directory; null to find running afl-fuzz processes */
  public TopSampler(ProcFs proc, Path outDir) {
    this(proc, outDir, false);
  }

  /**
   * @param keepSeen without OUT_DIR, keep an instance whose afl-fuzz (or libFuzzer) has gone
   *     while its folder (or log file) exists (it is then dead, or done, as scaling-report
   *     says), instead of dropping it
   */
  public TopSampler(ProcFs proc, Path outDir, boolean keepSeen) {
    this.keepSeen = keepSeen;
    this.proc = proc;
    this.outDir = outDir == null ? null : outDir.toAbsolutePath().normalize();
    if (this.outDir != null) {
      CampaignFiles.read(this.outDir); // a wrong directory is the user's error, said up front
    }
    this.topology = SysCpu.live().topology().orElse(null);
    MachineInventory.prefetch(); // OSHI's first look takes ~0.6 s: off the first refresh
  }

  /** Takes the first reading; call before the first {@link #refresh}. */
  public void start() {
    previous = read(new ArrayList<>());
    countIfStarting(previous);
  }

  /** The campaign over the interval since the last call. */
  public CampaignReport refresh() {
    if (previous == null) {
      start();
    }
    List<String> notes = new ArrayList<>(Campaigns.launchNotes(outDir, ProcFs.live()));
    if (notCounted != null) {
      notes.add("cases of instances in their first minute not counted: " + notCounted);
    }
    Map<Integer, Long> counted = Map.of();
    double countedSeconds = 0;
    if (counter != null) {
      try {
        CaseCounter.Counts c = Campaigns.stop(counter, notes);
        counted = c.cases();
        countedSeconds = c.seconds();
      } finally {
        counter.close();
        counter = null;
      }
    }
    CampaignReader.Reading now = read(notes);
    CampaignObservation o = CampaignReader.between(outDir == null ? "running afl-fuzz"
        : outDir.toString(), previous, now, counted, countedSeconds, Map.copyOf(earlier),
        topology, SystemFacts.userHz(), System.currentTimeMillis() / 1000, null, notes, null,
        MachineInventory.live().orElse(null));
    o = withUprobeCounts(o);
    remember(previous, now);
    previous = now;
    CampaignReport r = CampaignAnalyzer.analyze(o);
    if (r.instances().stream().anyMatch(i -> i.status() == InstanceStatus.STARTING)) {
      countIfStarting(now);
    }
    return r;
  }

  /** The longest uprobe window per refresh and process: each hit costs the target ~1 us. */
  static final double UPROBE_WINDOW = 0.2;
  /** At most this many log-less in-process fuzzers are counted per refresh. */
  static final int UPROBE_MAX = 4;

  /**
   * An in-process fuzzer that writes no log has no rate but what a uprobe counts: a window of
   * at most {@link #UPROBE_WINDOW} s per refresh, for at most {@link #UPROBE_MAX} of them, whose
   * cost (hits x the per-hit cost) is put in the notes. Needs root; without, they have no rate.
   */
  private CampaignObservation withUprobeCounts(CampaignObservation o) {
    List<String> notes = new ArrayList<>(o.notes());
    List<Instance> out = new ArrayList<>();
    int counted = 0;
    Boolean perf = null; // asked only when some instance needs it: it reads /proc files
    FuzzerProcesses fp = new FuzzerProcesses(proc);
    for (Instance i : o.instances()) {
      boolean logLess = i.log() != null && i.dir().startsWith("pid:") && i.pid() != null
          && i.process() == CampaignObservation.Process.LIVE;
      if (logLess && perf == null) {
        perf = SystemFacts.whyNoPerf().isEmpty();
      }
      if (!logLess || !perf || counted >= UPROBE_MAX) {
        out.add(i);
        continue;
      }
      counted++;
      Optional<Path> jazzer = fp.jazzerDriver(i.pid());
      Optional<Path> exe = jazzer.isPresent() ? jazzer : proc.exe(i.pid());
      try {
        UprobeCounter.Count c = UprobeCounter.count(exe.orElseThrow(), jazzer.isPresent()
            ? UprobeCounter.JAZZER_ENTRY : UprobeCounter.LIBFUZZER_ENTRY, List.of(i.pid()),
            UPROBE_WINDOW);
        double rate = c.seconds() > 0 ? c.calls() / c.seconds() : 0;
        notes.add(String.format(java.util.Locale.ROOT, "%s: inputs counted by a uprobe for"
            + " %.2f s (%.0f hits/s; at 1-17 us a hit, %.0f-%.0f%% of a CPU in that window)",
            i.name(), c.seconds(), rate,
            Math.min(100, rate * UprobeCounter.PER_HIT_MICROS_LOW / 1e4),
            Math.min(100, rate * UprobeCounter.PER_HIT_MICROS_HIGH / 1e4)));
        out.add(new Instance(i.name(), i.dir(), i.stats(), i.earlierStats(), i.plot(),
            i.args(), i.setup(), i.pid(), i.process(), i.before(), i.after(), c.calls(),
            c.seconds(), i.log()));
      } catch (RuntimeException e) {
        notes.add(i.name() + ": inputs not counted: " + e.getMessage());
        out.add(i);
      }
    }
    return new CampaignObservation(o.source(), out, o.before(), o.after(), o.seconds(), o.hz(),
        o.topology(), o.now(), o.baseline(), notes, o.cpuSamples(), o.machine(),
        o.observerPercent());
  }

  /** Keeps, per instance folder, the last fuzzer_stats that differs from the newest. */
  private void remember(CampaignReader.Reading then, CampaignReader.Reading now) {
    Map<String, FuzzerStats> old = new HashMap<>();
    then.instances().forEach(i -> old.put(i.files().dir(), i.stats()));
    for (CampaignReader.InstanceReading i : now.instances()) {
      FuzzerStats before = old.get(i.files().dir());
      if (before != null && i.stats() != null
          && !Objects.equals(before.lastUpdate(), i.stats().lastUpdate())) {
        earlier.put(i.files().dir(), before);
      }
    }
  }

  private void countIfStarting(CampaignReader.Reading r) {
    List<Integer> servers = r.instances().stream()
        .filter(i -> i.process() == CampaignObservation.Process.LIVE
            && (i.stats() == null || i.stats().runTime() == null || i.stats().runTime() < 60))
        .map(CampaignReader.InstanceReading::forkServer).filter(p -> p > 0).toList();
    notCounted = null;
    if (servers.isEmpty()) {
      return;
    }
    Optional<String> noPerf = SystemFacts.whyNoPerf();
    if (noPerf.isPresent()) {
      notCounted = noPerf.get();
      return;
    }
    try {
      counter = CaseCounter.start(servers, 600);
    } catch (FuzzprofException e) {
      counter = null;
      notCounted = e.getMessage();
    }
  }

  private CampaignReader.Reading read(List<String> notes) {
    List<InstanceFiles> files = new ArrayList<>();
    if (outDir == null) {
      Set<Path> dirs = new LinkedHashSet<>();
      for (FuzzerProcess p : new FuzzerProcesses(proc).running()) {
        if (p.instanceDir() != null) {
          dirs.add(p.instanceDir());
        }
      }
      if (keepSeen) {
        seen.removeIf(d -> !java.nio.file.Files.isDirectory(d));
        seen.addAll(dirs);
        dirs.addAll(seen);
      }
      dirs.forEach(d -> files.add(AflOutputDir.readInstance(d, PLOT_TAIL)));
      List<InstanceFiles> libFuzzers = runningLibFuzzers();
      files.addAll(libFuzzers);
      if (keepSeen) {
        seenLogs.removeIf(l -> !Files.isRegularFile(l));
        Set<Path> read = new LinkedHashSet<>();
        for (InstanceFiles l : libFuzzers) {
          if (l.knownPid() == null) {
            read.add(Path.of(l.dir()));
          }
        }
        seenLogs.addAll(read);
        for (Path l : seenLogs) {
          InstanceFiles f = read.contains(l) ? null : LibFuzzerLogs.readLog(l);
          if (f != null) {
            files.add(f);
          }
        }
      }
      if (files.isEmpty()) {
        notes.add("no running afl-fuzz or libFuzzer found (give OUT_DIR to watch a campaign's"
            + " directory)");
      }
    } else {
      List<Path> dirs = AflOutputDir.instanceDirs(outDir);
      dirs.forEach(d -> files.add(AflOutputDir.readInstance(d, PLOT_TAIL)));
      files.addAll(LibFuzzerLogs.read(outDir));
      if (files.isEmpty()) {
        notes.add(outDir + " has no instance folders or libFuzzer job logs now");
      }
    }
    return CampaignReader.read(files, proc, previous);
  }

  /**
   * Every libFuzzer process that runs inputs (not a -jobs/-fork controller), with its log when
   * its standard error is a file; one without a log file is listed by pid, its rate unknown.
   */
  private List<InstanceFiles> runningLibFuzzers() {
    List<InstanceFiles> out = new ArrayList<>();
    for (LibFuzzerProcess p : new FuzzerProcesses(proc).libFuzzers()) {
      if (p.controller()) {
        continue;
      }
      Optional<Path> err = proc.fdTarget(p.pid(), 2);
      InstanceFiles log = err.filter(e -> e.isAbsolute() && Files.isRegularFile(e))
          .map(LibFuzzerLogs::readLog).orElse(null);
      out.add(log != null ? log : InstanceFiles.ofPid(p.pid(),
          p.exe().getFileName().toString()));
    }
    return out;
  }

  @Override
  public void close() {
    if (counter != null) {
      counter.close();
      counter = null;
    }
  }
}
