package dev.fuzzprof.acquire.perf;

import dev.fuzzprof.parse.perf.CpuSample;
import dev.fuzzprof.parse.perf.CpuSamplesParser;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Samples what runs on some CPUs, user or kernel, with {@code perf record -e cpu-clock -a} for a
 * short window: the split of CPU time that /proc cannot give for short-lived children (a child
 * that never saw a clock tick is all user time in its parent's cstime/cutime). No stacks, 499
 * samples a second per CPU; perf sends the targets no signal.
 */
public final class CpuSampler {
  static final int HZ = 499;

  private final Process perf;
  private final Path data;
  /** Ends perf if fuzzprof dies while it records. */
  private final dev.fuzzprof.acquire.sys.ReleaseGuard guard;

  private CpuSampler(Process perf, Path data) {
    this.perf = perf;
    this.data = data;
    this.guard = dev.fuzzprof.acquire.sys.ReleaseGuard.watch(perf);
  }

  /** Starts sampling {@code cpus} (a CPU list, or null for all) for {@code seconds}. */
  public static CpuSampler start(String cpus, double seconds) {
    Path data;
    try {
      data = Files.createTempFile("fuzzprof-cpu-", ".data");
    } catch (IOException e) {
      throw FuzzprofException.data("cannot create a temporary file: " + e.getMessage());
    }
    List<String> cmd = new ArrayList<>(List.of("perf", "record", "-q", "-e", "cpu-clock",
        "-F", Integer.toString(HZ), "-o", data.toString()));
    if (cpus == null || cpus.isBlank()) {
      cmd.add("-a");
    } else {
      cmd.addAll(List.of("-a", "-C", cpus));
    }
    cmd.addAll(List.of("--", "sleep", String.format(Locale.ROOT, "%.3f", seconds)));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    try {
      return new CpuSampler(pb.start(), data);
    } catch (IOException e) {
      throw new FuzzprofException(FuzzprofException.Kind.MISSING_TOOL,
          "perf is not installed: apt-get install linux-perf");
    }
  }

  /** Waits for the window to end and returns the samples; throws when perf recorded nothing. */
  public List<CpuSample> finish() {
    try {
      if (!perf.waitFor(60, TimeUnit.SECONDS)) {
        perf.children().forEach(ProcessHandle::destroy);
        perf.waitFor(10, TimeUnit.SECONDS);
      }
      String said = new String(perf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (perf.isAlive() || perf.exitValue() != 0 || Files.size(data) == 0) {
        throw PerfStatCounter.failure(said.isBlank() ? "perf record recorded nothing" : said);
      }
      ProcessBuilder pb = new ProcessBuilder("perf", "script", "-i", data.toString(), "-F",
          "comm,pid,cpu,ip").redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("LC_ALL", "C");
      Process script = pb.start();
      String text = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      script.waitFor(60, TimeUnit.SECONDS);
      return CpuSample.merged(CpuSamplesParser.parse(text));
    } catch (IOException e) {
      throw FuzzprofException.data("perf script failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FuzzprofException.interrupted("interrupted while sampling CPUs");
    } finally {
      close();
    }
  }

  /** Ends perf now (if it still runs) and removes its file. */
  public void close() {
    perf.children().forEach(ProcessHandle::destroyForcibly);
    perf.destroyForcibly();
    guard.close();
    try {
      Files.deleteIfExists(data);
      Files.deleteIfExists(Path.of(data + ".old"));
    } catch (IOException e) {
      // a temporary file left behind is harmless
    }
  }
}
