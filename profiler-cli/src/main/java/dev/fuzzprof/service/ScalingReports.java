package dev.fuzzprof.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fuzzprof.acquire.afl.AflInstanceFiles;
import dev.fuzzprof.acquire.afl.AflOutputDir;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.acquire.sys.SysCpu;
import dev.fuzzprof.analyze.scaling.ScalingAnalyzer;
import dev.fuzzprof.analyze.scaling.ScalingInput;
import dev.fuzzprof.analyze.scaling.ScalingReport;
import dev.fuzzprof.parse.TimeSpan;
import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.render.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The pipelines behind {@code fuzzprof scaling-report} and {@code fuzzprof snapshot}. */
public final class ScalingReports {
  private ScalingReports() {}

  /**
   * A report, and the input problems met while making it (one line each): the command prints
   * the report, then reports the problems and exits 1.
   */
  public record Outcome(ScalingReport report, List<String> problems) {}

  /** Where the baseline comes from: at most one of the two. */
  public record BaselineOption(Double execsPerSec, Path dir) {
    ScalingInput.Baseline resolve() {
      if (execsPerSec != null && dir != null) {
        throw FuzzprofException.usage("give --baseline or --baseline-dir, not both");
      }
      if (execsPerSec != null) {
        if (!(execsPerSec > 0)) {
          throw FuzzprofException.usage("--baseline must be a positive number of execs/s");
        }
        return new ScalingInput.Baseline(execsPerSec,
            "given: --baseline " + Math.round(execsPerSec) + " execs/s");
      }
      if (dir != null) {
        return CampaignSample.baselineOf(dir.toString(), AflOutputDir.read(dir));
      }
      return null;
    }
  }

  public static Outcome live(Path outDir, double sampleSeconds, BaselineOption baseline) {
    ScalingInput.Baseline b = baseline.resolve();
    List<AflInstanceFiles> files = AflOutputDir.read(outDir);
    ProcFs proc = ProcFs.live();
    CampaignSample.Result r = CampaignSample.take(outDir.toString(), files, proc, proc,
        SysCpu.live(), () -> sleep(sampleSeconds), System.currentTimeMillis() / 1000, b);
    return new Outcome(ScalingAnalyzer.analyze(r.input()), r.problems());
  }

  /** Records a snapshot into {@code out}; returns it. */
  public static Snapshot snapshot(Path outDir, double sampleSeconds, Path out) {
    List<AflInstanceFiles> files = AflOutputDir.read(outDir);
    Map<String, String> first = new TreeMap<>();
    Map<String, String> second = new TreeMap<>();
    Map<String, String> sys = new TreeMap<>();
    long created = System.currentTimeMillis() / 1000;
    CampaignSample.Result r = CampaignSample.take(outDir.toString(), files,
        ProcFs.live().recording(first::put), ProcFs.live().recording(second::put),
        SysCpu.live().recording(sys::put), () -> sleep(sampleSeconds), created, null);
    Snapshot s = new Snapshot(Snapshot.FORMAT, created, outDir.toString(),
        r.input().sampleSeconds(), files, first, second, sys);
    try {
      Files.writeString(out, Json.toString(s), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw FuzzprofException.data(out + ": cannot write: " + e.getMessage());
    }
    return s;
  }

  public static Outcome fromSnapshot(Path file, BaselineOption baseline) {
    ScalingInput.Baseline b = baseline.resolve();
    Snapshot s = readSnapshot(file);
    Path tmp;
    try {
      tmp = Files.createTempDirectory("fuzzprof-replay");
    } catch (IOException e) {
      throw FuzzprofException.data("cannot make a temporary directory: " + e.getMessage());
    }
    try {
      Path p0 = materialize(tmp.resolve("proc0"), s.procFirst(), file);
      Path p1 = materialize(tmp.resolve("proc1"), s.procSecond(), file);
      Path sys = materialize(tmp.resolve("sys"), s.sysCpu(), file);
      CampaignSample.Result r = CampaignSample.take(s.source() + " (snapshot " + file + ")",
          s.instances(), new ProcFs(p0), new ProcFs(p1), new SysCpu(sys), () -> { },
          s.created(), b);
      return new Outcome(ScalingAnalyzer.analyze(r.input()), r.problems());
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
    Snapshot s;
    try {
      s = Json.mapper().readValue(text, Snapshot.class);
    } catch (JsonProcessingException e) {
      throw FuzzprofException.data(file + " is not a fuzzprof snapshot (not its JSON)");
    }
    if (s == null || !Snapshot.FORMAT.equals(s.format())) {
      throw FuzzprofException.data(file + " is not a fuzzprof snapshot (format "
          + (s == null ? "missing" : s.format()) + ", expected " + Snapshot.FORMAT + ")");
    }
    if (s.instances() == null || s.instances().isEmpty()) {
      throw FuzzprofException.data(file + ": the snapshot holds no AFL instance");
    }
    return s;
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
      throw new FuzzprofException(FuzzprofException.Kind.DATA, "interrupted while sampling");
    }
  }

  /** {@code 2s}, {@code 500ms}, {@code 1.5} (seconds), {@code 1m}. */
  public static double parseDuration(String text) {
    double v = TimeSpan.seconds(text).orElseThrow(() -> FuzzprofException.usage(
        "--sample " + text + ": give a duration such as 2s or 500ms"));
    if (!(v >= 0.1 && v <= 600)) {
      throw FuzzprofException.usage("--sample " + text + ": must be between 100ms and 10m");
    }
    return v;
  }
}
