package dev.fuzzprof.service.campaign;

import dev.fuzzprof.acquire.CampaignFiles;
import dev.fuzzprof.service.SystemFacts;

import dev.fuzzprof.acquire.InstanceFiles;
import dev.fuzzprof.acquire.afl.AflOutputDir;
import dev.fuzzprof.acquire.perf.CaseCounter;
import dev.fuzzprof.acquire.perf.CpuSampler;
import dev.fuzzprof.acquire.sys.MachineInventory;
import dev.fuzzprof.acquire.sys.Posix;
import dev.fuzzprof.parse.sys.Machine;
import dev.fuzzprof.parse.perf.CpuSample;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.acquire.sys.SysCpu;
import dev.fuzzprof.analyze.campaign.CampaignAnalyzer;
import dev.fuzzprof.analyze.campaign.CampaignObservation;
import dev.fuzzprof.analyze.campaign.CampaignReport;
import dev.fuzzprof.analyze.campaign.ExecsRate;
import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.FuzzerStatsParser;
import dev.fuzzprof.parse.afl.PlotDataParser;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import dev.fuzzprof.acquire.launch.LaunchRecords;
import dev.fuzzprof.analyze.launch.LaunchNotes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The pipelines behind {@code scaling-report} and {@code snapshot}: read the campaign, count its
 * cases in the kernel over the sample, read it again, analyze. Services return values: writing
 * files and formats is the command's business.
 */
public final class Campaigns {
  private Campaigns() {}

  /** A report, and the input problems met while making it (one line each). */
  public record Outcome(CampaignReport report, List<String> problems) {}

  /** Where the baseline comes from: at most one of the two (the command checks the line). */
  public record BaselineOption(Double execsPerSec, Path dir) {
    CampaignObservation.Baseline resolve() {
      if (execsPerSec != null) {
        return new CampaignObservation.Baseline(execsPerSec, "given",
            "given: --baseline " + Math.round(execsPerSec) + " execs/s");
      }
      return dir == null ? null : baselineOf(dir);
    }
  }

  /** One sample of a live (or finished) campaign, with what it read and counted. */
  record Sample(List<InstanceFiles> files, CampaignReader.Reading first,
      CampaignReader.Reading second, Map<Integer, Long> counted, double countedSeconds,
      List<CpuSample> cpuSamples, List<String> notes) {}

  public static Outcome live(Path outDir, double sampleSeconds, BaselineOption baseline) {
    CampaignObservation.Baseline b = baseline.resolve();
    MachineInventory.prefetch(); // OSHI's first look (~0.6 s) overlaps the sample
    Posix.prefetch();
    Sample s = sample(outDir, sampleSeconds, ProcFs.live(), ProcFs.live());
    boolean live = s.second().instances().stream()
        .anyMatch(i -> i.process() == CampaignObservation.Process.LIVE);
    // the machine a finished campaign ran on need not be this one: inventory only when live
    return analyze(outDir.toString(), s, SysCpu.live(), SystemFacts.userHz(),
        System.currentTimeMillis() / 1000, b, live ? MachineInventory.live().orElse(null)
            : null);
  }

  /**
   * Reads the campaign, counts the cases of its live fork servers in the kernel for
   * {@code seconds}, and reads it again. Without perf (missing, not permitted) the sample goes
   * on without counts and says so.
   */
  static Sample sample(Path outDir, double seconds, ProcFs first, ProcFs second) {
    List<InstanceFiles> files = CampaignFiles.read(outDir);
    // a first look finds the fork servers to count; the window starts once perf counts
    CampaignReader.Reading look = CampaignReader.read(files, first);
    List<String> notes = new ArrayList<>(launchNotes(outDir, first));
    List<Integer> servers = look.instances().stream()
        .map(CampaignReader.InstanceReading::forkServer).filter(p -> p > 0).toList();
    boolean anyLive = look.instances().stream()
        .anyMatch(i -> i.process() == CampaignObservation.Process.LIVE);
    Map<Integer, Long> counted = Map.of();
    double countedSeconds = 0;
    CaseCounter counter = null;
    CpuSampler sampler = null;
    List<CpuSample> samples = null;
    Optional<String> noPerf = SystemFacts.whyNoPerf();
    if (noPerf.isPresent() && anyLive) {
      notes.add("cases not counted and CPUs not sampled (" + noPerf.get() + "): instances in"
          + " their first minute have no execs/s, and kernel shares of instances that share a"
          + " CPU come from their processes' own times");
    }
    if (!servers.isEmpty() && noPerf.isEmpty()) {
      try {
        counter = CaseCounter.start(servers, seconds + 30);
        if (servers.size() > CaseCounter.MAX_SERVERS) {
          notes.add("cases counted for the first " + CaseCounter.MAX_SERVERS + " of "
              + servers.size() + " fork servers only");
        }
      } catch (FuzzprofException e) {
        notes.add("cases not counted in the kernel (" + e.getMessage() + "): instances in their"
            + " first minute have no execs/s");
      }
    }
    try {
      CampaignReader.Reading a = look;
      if (anyLive && noPerf.isEmpty()) {
        try {
          // what runs on each CPU, user or kernel: the kernel share of instances that share
          // their CPUs (the /proc split of fork-server children is not to be trusted)
          sampler = CpuSampler.start(null, seconds);
        } catch (FuzzprofException e) {
          notes.add("CPUs not sampled (" + e.getMessage() + "): kernel shares of instances that"
              + " share a CPU come from their processes' own times");
        }
      }
      if (anyLive) {
        a = counter == null && sampler == null ? look : CampaignReader.read(files, first);
        sleep(seconds);
      }
      List<InstanceFiles> again = anyLive ? CampaignFiles.read(outDir) : files;
      CampaignReader.Reading b = anyLive ? CampaignReader.read(again, second) : a;
      if (sampler != null) {
        try {
          samples = sampler.finish();
        } catch (FuzzprofException e) {
          notes.add("CPUs not sampled: " + e.getMessage());
        }
      }
      if (counter != null) {
        CaseCounter.Counts c = stop(counter, notes);
        counted = c.cases();
        countedSeconds = c.seconds();
      }
      return new Sample(again, a, b, counted, countedSeconds, samples, notes);
    } finally {
      if (counter != null) {
        counter.close();
      }
      if (sampler != null) {
        sampler.close();
      }
    }
  }

  /** What the campaign's fuzzprof launch record says, when launch started it. */
  static List<String> launchNotes(Path outDir, ProcFs proc) {
    if (outDir == null || !Files.isDirectory(outDir)) {
      return List.of();
    }
    return LaunchRecords.in(outDir).map(r -> LaunchNotes.of(r, LaunchRecords.launcherRuns(proc, r),
        outDir.toString())).orElse(List.of());
  }

  /** The counts of a case counter; none (and a note why) when perf failed to give them. */
  static CaseCounter.Counts stop(CaseCounter counter, List<String> notes) {
    try {
      return counter.stop();
    } catch (FuzzprofException e) {
      notes.add("cases not counted in the kernel: " + e.getMessage());
      return new CaseCounter.Counts(Map.of(), 0);
    }
  }

  static Outcome analyze(String source, Sample s, SysCpu sys, long hz, long now,
      CampaignObservation.Baseline baseline, Machine machine) {
    List<String> problems = new ArrayList<>(s.second().problems());
    CampaignObservation o = CampaignReader.between(source, s.first(), s.second(), s.counted(),
        s.countedSeconds(), Map.of(), sys.topology().orElse(null), hz, now, baseline, s.notes(),
        s.cpuSamples(), machine);
    return new Outcome(CampaignAnalyzer.analyze(o), problems);
  }

  /** Records a snapshot of a live campaign. */
  public static Snapshot snapshot(Path outDir, double sampleSeconds) {
    Map<String, String> first = new TreeMap<>();
    Map<String, String> second = new TreeMap<>();
    Map<String, String> sys = new TreeMap<>();
    long created = System.currentTimeMillis() / 1000;
    MachineInventory.prefetch();
    Posix.prefetch();
    Sample s = sample(outDir, sampleSeconds, ProcFs.live().recording(first::put),
        ProcFs.live().recording(second::put));
    SysCpu.live().recording(sys::put).topology();
    double seconds = s.second().uptime() - s.first().uptime();
    return new Snapshot(Snapshot.FORMAT, created, outDir.toString(),
        Double.isNaN(seconds) ? 0 : seconds, s.files(), first, second, sys,
        SystemFacts.userHz(), new LinkedHashMap<>(s.counted()), s.countedSeconds(),
        s.cpuSamples(), MachineInventory.live().orElse(null), List.copyOf(s.notes()));
  }

  public static Outcome fromSnapshot(Path file, BaselineOption baseline) {
    CampaignObservation.Baseline b = baseline.resolve();
    Snapshot s = readSnapshot(file);
    Path tmp;
    try {
      tmp = Files.createTempDirectory("fuzzprof-replay");
    } catch (IOException e) {
      throw FuzzprofException.data("cannot make a temporary directory: " + e.getMessage());
    }
    try {
      ProcFs p0 = new ProcFs(materialize(tmp.resolve("proc0"), s.procFirst(), file));
      ProcFs p1 = new ProcFs(materialize(tmp.resolve("proc1"), s.procSecond(), file));
      SysCpu sys = new SysCpu(materialize(tmp.resolve("sys"), s.sysCpu(), file));
      CampaignReader.Reading a = CampaignReader.read(s.instances(), p0);
      CampaignReader.Reading r2 = CampaignReader.read(s.instances(), p1);
      Sample sample = new Sample(s.instances(), a, r2,
          s.counted() == null ? Map.of() : s.counted(), s.countedSeconds(), s.cpuSamples(),
          s.notes() == null ? List.of() : s.notes());
      return analyze(s.source() + " (snapshot " + file + ")", sample, sys,
          s.hz() > 0 ? s.hz() : 100, s.created() + Math.round(s.sampleSeconds()), b,
          s.machine());
    } finally {
      deleteTree(tmp);
    }
  }

  static Snapshot readSnapshot(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw FuzzprofException.data(file + ": no such file");
    } catch (IOException e) {
      throw FuzzprofException.data(file + ": cannot read: " + e.getMessage());
    }
    Snapshot s = Snapshot.parse(text).orElseThrow(() -> FuzzprofException.data(
        file + " is not a fuzzprof snapshot (not its JSON)"));
    if (!(Snapshot.FORMAT.equals(s.format())
        || Snapshot.FORMAT_1.equals(s.format()))) {
      throw FuzzprofException.data(file + " is not a fuzzprof snapshot (format "
          + (s == null ? "missing" : s.format()) + ", expected " + Snapshot.FORMAT + ")");
    }
    if (s.instances() == null || s.instances().isEmpty()) {
      throw FuzzprofException.data(file + ": the snapshot holds no AFL instance");
    }
    return s;
  }

  /** A single-instance run's rate, as the baseline: its counters, never the last column. */
  static CampaignObservation.Baseline baselineOf(Path dir) {
    List<InstanceFiles> files = AflOutputDir.read(dir);
    if (files.size() != 1) {
      throw FuzzprofException.data("--baseline-dir " + dir + " holds " + files.size()
          + " instances; give the output of a single-instance run");
    }
    InstanceFiles f = files.get(0);
    FuzzerStats s = f.fuzzerStats() == null ? null : FuzzerStatsParser.parse(f.fuzzerStats());
    ExecsRate r = f.plotData() == null ? null
        : ExecsRate.fromPlot(PlotDataParser.parse(f.plotData()).points());
    if (r == null) {
      r = ExecsRate.lifetime(s);
    }
    if (r == null || r.execsPerSec() <= 0) {
      throw FuzzprofException.data("--baseline-dir " + dir + ": no execs_done and run_time in "
          + f.name() + "/fuzzer_stats, and no plot_data rows 10 s apart");
    }
    return new CampaignObservation.Baseline(r.execsPerSec(), "baseline-dir", "baseline-dir: "
        + f.dir() + " (a single instance, " + Math.round(r.execsPerSec()) + " execs/s from "
        + r.source() + " over " + Math.round(r.seconds()) + " s)");
  }

  private static Path materialize(Path root, Map<String, String> files, Path snapshot) {
    try {
      Files.createDirectories(root);
      if (files == null) {
        return root;
      }
      for (Map.Entry<String, String> e : files.entrySet()) {
        Path p = root.resolve(e.getKey()).normalize();
        if (!p.startsWith(root) || Path.of(e.getKey()).isAbsolute()) {
          throw FuzzprofException.data(snapshot + ": bad file name in snapshot: " + e.getKey());
        }
        Files.createDirectories(p.getParent());
        Files.writeString(p, e.getValue(), StandardCharsets.ISO_8859_1);
      }
      return root;
    } catch (IOException e) {
      throw FuzzprofException.data("cannot replay " + snapshot + ": " + e.getMessage());
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }

  private static void sleep(double seconds) {
    try {
      Thread.sleep(Math.round(seconds * 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FuzzprofException.interrupted("interrupted while sampling");
    }
  }
}
