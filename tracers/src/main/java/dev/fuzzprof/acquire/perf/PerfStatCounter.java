package dev.fuzzprof.acquire.perf;

import dev.fuzzprof.parse.perf.PerfStatCsvParser;
import dev.fuzzprof.parse.perf.PerfStatCsvParser.PerfCount;
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
 * Counts tracepoints in the kernel with {@code perf stat -x,}: nothing is recorded, each event
 * is a counter read at the end, so the target pays only for the tracepoint hit.
 *
 * <p>Scope. The counters are CPU-wide, opened on the target's CPUs ({@code -C list}), never
 * per task: shared/notes/measurements.md measured per-task counting ({@code perf stat -p}) at
 * ~1.3x, because a persistent target context-switches at every case (SIGSTOP/SIGCONT) and
 * per-task events are switched with it, while CPU-wide counting costs ~1.01x. A CPU-wide counter
 * alone cannot tell the target from its neighbours (the fuzzer parent often shares the CPU), so
 * each tracepoint carries a {@code --filter} on the pid (or the command name, to follow a fork
 * server's children): the filter runs inside the CPU-wide tracepoint handler and does not make
 * the event per-task. {@link Scope#CPUS} (no filter) stays available for when filters are
 * refused. The default's cost is measured by bench/attach-overhead.sh: on the persistent
 * reference target, with the sibling CPU kept busy in every run (an idle sibling vCPU alone
 * slows the target up to 3x on this VM and hides everything else), syscall tracepoints cost
 * ~8-20% whatever the scope (each puts every syscall through the slow path), while
 * signal/fork tracepoints cost nothing measurable. So callers count cases with the cheap
 * events for the whole window and syscalls only in a short sample.
 *
 * <p>Ending. perf runs {@code sleep SECONDS} as its workload and prints the counts when the
 * workload ends, so {@link #stop()} ends early by ending the sleep (perf itself ignores SIGTERM
 * for printing, and SIGINT may be ignored when fuzzprof runs in the background).
 */
public final class PerfStatCounter implements AutoCloseable {

  /** Where the counters are opened. */
  public enum Scope {
    /** {@code -C cpus}, each tracepoint filtered on the target's pids (default). */
    CPUS_FILTERED,
    /** {@code -a}, each tracepoint filtered on the target's pids. */
    ALL_FILTERED,
    /** {@code -C cpus}, no filter: everything that runs on those CPUs. */
    CPUS
  }

  /** One tracepoint and its filter (null: none). */
  public record Event(String tracepoint, String filter) {}

  private final Process perf;
  private final Path output;
  private final List<String> command;
  private final long startNanos = System.nanoTime();
  private long stopNanos;

  private PerfStatCounter(Process perf, Path output, List<String> command) {
    this.perf = perf;
    this.output = output;
    this.command = command;
  }

  /** The perf command line for these events (for messages and for the record). */
  public static List<String> command(List<Event> events, Scope scope, String cpus, Path output,
      double maxSeconds) {
    List<String> cmd = new ArrayList<>(List.of("perf", "stat", "-x,", "-o", output.toString()));
    if (scope == Scope.ALL_FILTERED || cpus == null || cpus.isBlank()) {
      cmd.add("-a");
    } else {
      cmd.add("-C");
      cmd.add(cpus);
    }
    for (Event e : events) {
      cmd.add("-e");
      cmd.add(e.tracepoint());
      if (scope != Scope.CPUS && e.filter() != null) {
        cmd.add("--filter");
        cmd.add(e.filter());
      }
    }
    cmd.addAll(List.of("--", "sleep", String.format(Locale.ROOT, "%.3f", maxSeconds)));
    return cmd;
  }

  /** Whether the kernel has this tracepoint ({@code syscalls:sys_enter_openat}). */
  public static boolean tracepointExists(String tracepoint) {
    String path = tracepoint.replace(':', '/');
    return Files.isDirectory(Path.of("/sys/kernel/tracing/events", path))
        || Files.isDirectory(Path.of("/sys/kernel/debug/tracing/events", path));
  }

  /** Starts counting; ends by itself after {@code maxSeconds}. */
  public static PerfStatCounter start(List<Event> events, Scope scope, String cpus,
      double maxSeconds) {
    Path out;
    try {
      out = Files.createTempFile("fuzzprof-perf-", ".csv");
    } catch (IOException e) {
      throw FuzzprofException.data("cannot create a temporary file: " + e.getMessage());
    }
    List<String> cmd = command(events, scope, cpus, out, maxSeconds);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    try {
      return new PerfStatCounter(pb.start(), out, cmd);
    } catch (IOException e) {
      throw new FuzzprofException(FuzzprofException.Kind.MISSING_TOOL,
          "perf is not installed: apt-get install strace linux-perf");
    }
  }

  public List<String> command() {
    return command;
  }

  /** True while perf still counts. */
  public boolean running() {
    return perf.isAlive();
  }

  /** Seconds counted (from start to stop). */
  public double seconds() {
    return ((stopNanos == 0 ? System.nanoTime() : stopNanos) - startNanos) / 1e9;
  }

  /** Ends counting now (or collects the counts if perf already ended) and returns them. */
  public List<PerfCount> stop() {
    if (stopNanos == 0) {
      stopNanos = System.nanoTime();
    }
    endWorkload();
    String said;
    // perf takes a while to close many filtered events on a loaded machine; an interrupt
    // (Ctrl-C ends the count) must not throw away the counts, so keep waiting through it
    if (!waitThroughInterrupts(perf, 20_000)) {
      perf.destroyForcibly();
      waitThroughInterrupts(perf, 1_000);
    }
    try {
      said = new String(perf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      said = "";
    }
    String text;
    try {
      text = Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      text = "";
    }
    List<PerfCount> counts = PerfStatCsvParser.parse(text);
    if (counts.isEmpty()) {
      throw failure(said);
    }
    return counts;
  }

  /**
   * Ends perf's {@code sleep} workload, after which perf prints and exits. Right after start-up,
   * or on a loaded machine, perf may not have forked the sleep yet: wait for it to appear rather
   * than let the counters (syscall tracepoints cost the target 8-20%) run to the full length.
   */
  private void endWorkload() {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (perf.isAlive() && System.nanoTime() < deadline) {
      List<ProcessHandle> workload = perf.children().toList();
      if (!workload.isEmpty()) {
        workload.forEach(ProcessHandle::destroy);
        return;
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static boolean waitThroughInterrupts(Process p, long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Turns what perf said when it counted nothing into a problem the user can act on. */
  static FuzzprofException failure(String said) {
    String s = said.toLowerCase(Locale.ROOT);
    if (s.contains("perf_event_paranoid") || s.contains("permission") || s.contains("access to")) {
      return new FuzzprofException(FuzzprofException.Kind.PERMISSION,
          "perf may not count tracepoints here (/proc/sys/kernel/perf_event_paranoid); allow it"
              + " with: sysctl -w kernel.perf_event_paranoid=-1 (or run as root / with"
              + " CAP_PERFMON)");
    }
    if (s.contains("not found") && s.contains("perf")) {
      return new FuzzprofException(FuzzprofException.Kind.MISSING_TOOL,
          "perf does not match this kernel: apt-get install strace linux-perf");
    }
    String first = said.strip().lines().findFirst().orElse("no output");
    return FuzzprofException.data("perf stat counted nothing: " + first);
  }

  @Override
  public void close() {
    perf.children().forEach(ProcessHandle::destroyForcibly);
    perf.destroyForcibly();
    try {
      Files.deleteIfExists(output);
    } catch (IOException e) {
      // a temporary file left behind is harmless
    }
  }
}
