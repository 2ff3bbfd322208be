package dev.fuzzprof.service.campaign;

import dev.fuzzprof.service.SystemFacts;

import dev.fuzzprof.acquire.afl.AflInstanceFiles;
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
  private final boolean keepSeen;
  /** Without OUT_DIR and with keepSeen: every instance folder seen, while it exists. */
  private final Set<Path> seen = new LinkedHashSet<>();

  /** @param outDir the afl-fuzz -o directory; null to find running afl-fuzz processes */
  public TopSampler(ProcFs proc, Path outDir) {
    this(proc, outDir, false);
  }

  /**
   * @param keepSeen without OUT_DIR, keep an instance whose afl-fuzz has gone while its folder
   *     exists (it is then dead, as scaling-report says), instead of dropping it
   */
  public TopSampler(ProcFs proc, Path outDir, boolean keepSeen) {
    this.keepSeen = keepSeen;
    this.proc = proc;
    this.outDir = outDir == null ? null : outDir.toAbsolutePath().normalize();
    if (this.outDir != null) {
      AflOutputDir.read(this.outDir); // a wrong directory is the user's error, said up front
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
    List<String> notes = new ArrayList<>();
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
    remember(previous, now);
    previous = now;
    CampaignReport r = CampaignAnalyzer.analyze(o);
    if (r.instances().stream().anyMatch(i -> i.status() == InstanceStatus.STARTING)) {
      countIfStarting(now);
    }
    return r;
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
    if (servers.isEmpty()) {
      return;
    }
    try {
      counter = CaseCounter.start(servers, 600);
    } catch (FuzzprofException e) {
      counter = null;
    }
  }

  private CampaignReader.Reading read(List<String> notes) {
    List<AflInstanceFiles> files = new ArrayList<>();
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
      if (dirs.isEmpty()) {
        notes.add("no running afl-fuzz found (give OUT_DIR to watch a campaign's directory)");
      }
      dirs.forEach(d -> files.add(AflOutputDir.readInstance(d, PLOT_TAIL)));
    } else {
      List<Path> dirs = AflOutputDir.instanceDirs(outDir);
      if (dirs.isEmpty()) {
        notes.add(outDir + " has no instance folders now");
      }
      dirs.forEach(d -> files.add(AflOutputDir.readInstance(d, PLOT_TAIL)));
    }
    return CampaignReader.read(files, proc);
  }

  @Override
  public void close() {
    if (counter != null) {
      counter.close();
      counter = null;
    }
  }
}
