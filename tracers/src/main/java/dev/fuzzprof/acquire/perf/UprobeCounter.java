package dev.fuzzprof.acquire.perf;

import dev.fuzzprof.acquire.sys.ReleaseGuard;
import dev.fuzzprof.parse.perf.PerfStatCsvParser;
import dev.fuzzprof.parse.perf.PerfStatCsvParser.PerfCount;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Counts calls of a function in a running binary with a uprobe: {@code perf probe -x EXE} puts
 * an event on the function (in-process fuzzers: libFuzzer's {@code LLVMFuzzerTestOneInput}, one
 * call per input), {@code perf stat -e} counts it on the given processes for a bounded window,
 * then the probe is deleted. Exact, but each hit traps into the kernel (about 3 us, against
 * 0.15 us for a tracepoint), so callers keep the window short and report its cost. Needs root
 * (tracefs and uprobe_events). The probe definition is removed in a finally block, by a
 * shutdown hook and, when fuzzprof is SIGKILLed, by a {@link ReleaseGuard} outside the JVM (a
 * probe that still stays, e.g. after a power cut, costs nothing until something enables it;
 * {@code perf probe -d 'fuzzprof:*'} removes it, and the next fuzzprof with that pid takes it
 * over).
 */
public final class UprobeCounter {
  /** The function libFuzzer calls once per input. */
  public static final String LIBFUZZER_ENTRY = "LLVMFuzzerTestOneInput";

  /**
   * What Jazzer's driver library calls once per input: the static callback it hands to
   * LLVMFuzzerRunDriver, {@code (anonymous namespace)::testOneInput(const uint8_t*, size_t)},
   * a local symbol of libjazzer_driver.so (there in Jazzer 0.24.0's .symtab, not exported).
   */
  public static final String JAZZER_ENTRY = "_ZN12_GLOBAL__N_112testOneInputEPKhm";

  /**
   * What one hit costs the target, measured by bench/uprobe-cost.sh on this project's 2-CPU
   * Debian 12 VM (perf 6.1): 1.2-1.8 us on the libjpeg harness, 16.9 us on a target that does
   * nothing (3,000,000 inputs, 5 rounds each way). The cost depends on the instruction probed
   * (some are emulated, others single-stepped in a second trap), so attach measures it in the
   * window instead of assuming it.
   */
  public static final double PER_HIT_MICROS_LOW = 1.2;
  public static final double PER_HIT_MICROS_HIGH = 17;

  private UprobeCounter() {}

  /**
   * @param calls hits over the window, all processes together
   * @param seconds how long the counter was enabled (perf's own running time)
   */
  public record Count(long calls, double seconds) {}

  /** Counts calls of {@code function} in {@code exe} by {@code pids} for {@code seconds}. */
  public static Count count(Path exe, String function, List<Integer> pids, double seconds) {
    if (pids.isEmpty()) {
      throw new IllegalArgumentException("no pid to count");
    }
    // perf wants event names unique across groups: fuzzprof's carry its name and pid
    String event = "fuzzprof:fuzzprof_" + ProcessHandle.current().pid();
    List<String> add = List.of("perf", "probe", "-x", exe.toString(), "--no-demangle", "-a",
        event + "=" + function);
    String failure = "perf probe could not put a uprobe on " + function + " in " + exe;
    // outside the JVM: deletes the probe when fuzzprof ends, also by SIGKILL (retrying while the
    // perf stat that counts it, which its own guard ends at the same moment, still holds it)
    ReleaseGuard outside = ReleaseGuard.cleanup(null, PROBE_CLEANUP, event,
        event.substring(event.indexOf(':') + 1));
    try {
      run(add, 30, failure);
    } catch (FuzzprofException e) {
      if (!e.getMessage().contains("already exists")) {
        throw e;
      }
      delete(event); // left by a fuzzprof that was killed with this pid: take it over
      run(add, 30, failure);
    }
    Thread hook = new Thread(() -> delete(event), "fuzzprof-uprobe-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      String out = run(List.of("perf", "stat", "-x,", "-e", event, "-p",
          pids.stream().map(String::valueOf).collect(Collectors.joining(",")), "--", "sleep",
          String.format(Locale.ROOT, "%.3f", seconds)), seconds + 30,
          "perf stat could not count the uprobe");
      List<PerfCount> counts = PerfStatCsvParser.parse(out);
      if (counts.isEmpty() || !counts.get(0).counted()) {
        throw FuzzprofException.data("perf stat counted no uprobe hits: " + firstLine(out));
      }
      PerfCount c = counts.get(0);
      double ran = c.runNanos() > 0 ? c.runNanos() / 1e9 : seconds;
      return new Count(c.value(), ran);
    } finally {
      delete(event);
      outside.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook deletes it
      }
    }
  }

  /** {@code sh -c} code deleting uprobe event $1 (named $2 in uprobe_events) within 5 s. */
  private static final String PROBE_CLEANUP = String.join("\n",
      "i=0",
      "while [ $i -lt 50 ] && grep -qs \"/$2 \" /sys/kernel/tracing/uprobe_events"
          + " /sys/kernel/debug/tracing/uprobe_events; do",
      "  perf probe -q -d \"$1\" 2>/dev/null || sleep 0.1; i=$((i+1))",
      "done");

  private static void delete(String event) {
    try {
      Process p = new ProcessBuilder("perf", "probe", "-q", "-d", event)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      p.waitFor(20, TimeUnit.SECONDS);
    } catch (IOException e) {
      // nothing to delete without perf
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs a perf command to its end; its output (stdout and stderr) on success. */
  private static String run(List<String> cmd, double maxSeconds, String failure) {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new FuzzprofException(FuzzprofException.Kind.MISSING_TOOL,
          "perf is not installed (Debian: apt-get install linux-perf)");
    }
    try (ReleaseGuard guard = ReleaseGuard.watch(p)) {
      byte[] said = p.getInputStream().readAllBytes();
      if (!p.waitFor((long) (maxSeconds * 1000), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw FuzzprofException.data(failure + ": perf did not end");
      }
      String text = new String(said, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        boolean perm = text.contains("ermission") || text.contains("EACCES")
            || text.contains("Operation not permitted");
        throw new FuzzprofException(perm ? FuzzprofException.Kind.PERMISSION
            : FuzzprofException.Kind.DATA, failure + ": " + firstLine(text)
            + (perm ? "; " + dev.fuzzprof.acquire.sys.PrivilegeCheck.live().whyNoUprobe()
                .orElse("the kernel refused it") : ""));
      }
      return text;
    } catch (IOException e) {
      throw FuzzprofException.data(failure + ": " + e.getMessage());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw FuzzprofException.interrupted("interrupted while perf counted the uprobe");
    }
  }

  private static String firstLine(String text) {
    List<String> lines = new ArrayList<>();
    for (String l : text.split("\n")) {
      if (!l.isBlank() && !l.startsWith("#")) {
        lines.add(l.strip());
      }
    }
    return lines.isEmpty() ? "(no output)" : lines.get(0);
  }
}
