package dev.fuzzprof.acquire.perf;

import dev.fuzzprof.parse.perf.PerfStatCsvParser;
import dev.fuzzprof.parse.perf.PerfStatCsvParser.PerfCount;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.io.RandomAccessFile;
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
 * per task: per-task counting ({@code perf stat -p}) was measured on a 2-CPU Debian 12 VM at
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
 * <p>The window. On a loaded machine perf takes a second or more to open a few dozen filtered
 * tracepoints (1.07 s measured at load 4-9), so counting from "perf was started" would count
 * less than the window it claims. perf starts with its counters disabled ({@code -D -1}) and a
 * control FIFO ({@code --control fifo:CTL,ACK}); {@link #start} returns once perf acknowledged
 * {@code enable}, {@link #stop()} sends {@code disable} and waits for its acknowledgement, and
 * {@link #seconds()} is the time between the two acknowledgements: the window actually counted.
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

  /** How long perf may take to open its counters and say so, on a loaded machine. */
  static final long READY_TIMEOUT_MILLIS = 20_000;

  private final Process perf;
  /** Ends perf if fuzzprof dies while it counts (perf would count to the end of its sleep). */
  private final dev.fuzzprof.acquire.sys.ReleaseGuard guard;
  private final Path output;
  private final Path fifoDir;
  private final List<String> command;
  private RandomAccessFile ctl;
  private RandomAccessFile ack;
  private long startNanos;
  private long stopNanos;

  private PerfStatCounter(Process perf, Path output, Path fifoDir, List<String> command) {
    this.perf = perf;
    this.guard = dev.fuzzprof.acquire.sys.ReleaseGuard.watch(perf);
    this.output = output;
    this.fifoDir = fifoDir;
    this.command = command;
  }

  /** The perf command line for these events (for messages and for the record). */
  public static List<String> command(List<Event> events, Scope scope, String cpus, Path output,
      Path ctl, Path ack, double maxSeconds) {
    List<String> cmd = new ArrayList<>(List.of("perf", "stat", "-x,", "-o", output.toString(),
        "-D", "-1", "--control", "fifo:" + ctl + "," + ack));
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

  /**
   * Starts perf and returns once its counters count (perf acknowledged {@code enable}); perf
   * ends by itself after {@code maxSeconds} of workload. Throws when perf cannot count.
   */
  public static PerfStatCounter start(List<Event> events, Scope scope, String cpus,
      double maxSeconds) {
    Path out;
    Path dir;
    try {
      dir = Files.createTempDirectory("fuzzprof-perf-");
      out = dir.resolve("counts.csv");
      for (String fifo : List.of("ctl", "ack")) {
        Process mk = new ProcessBuilder("mkfifo", "-m", "600", dir.resolve(fifo).toString())
            .redirectErrorStream(true).start();
        if (!mk.waitFor(10, TimeUnit.SECONDS) || mk.exitValue() != 0) {
          throw new IOException("mkfifo failed");
        }
      }
    } catch (IOException e) {
      throw FuzzprofException.data("cannot create perf's control files: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FuzzprofException.interrupted("interrupted while starting perf");
    }
    List<String> cmd = command(events, scope, cpus, out, dir.resolve("ctl"), dir.resolve("ack"),
        maxSeconds);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    PerfStatCounter c;
    try {
      c = new PerfStatCounter(pb.start(), out, dir, cmd);
    } catch (IOException e) {
      deleteDir(dir);
      throw new FuzzprofException(FuzzprofException.Kind.MISSING_TOOL,
          "perf is not installed: apt-get install linux-perf");
    }
    try {
      c.ctl = new RandomAccessFile(dir.resolve("ctl").toFile(), "rw");
      c.ack = new RandomAccessFile(dir.resolve("ack").toFile(), "rw");
      if (!c.command("enable")) {
        throw c.failure();
      }
      c.startNanos = System.nanoTime();
      return c;
    } catch (IOException | RuntimeException e) {
      FuzzprofException failure = e instanceof FuzzprofException f ? f : c.failure();
      c.close();
      throw failure;
    }
  }

  /**
   * Sends a control command and waits for perf's {@code ack}; false when perf exited or did not
   * answer in time. Opening the FIFOs read-write never blocks, so a perf that died at start-up
   * is noticed here rather than hanging fuzzprof.
   */
  private boolean command(String what) throws IOException {
    ctl.write((what + "\n").getBytes(StandardCharsets.US_ASCII));
    long deadline = System.nanoTime() + READY_TIMEOUT_MILLIS * 1_000_000L;
    java.util.concurrent.CompletableFuture<Boolean> answer =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            byte[] b = new byte[5];
            int n = ack.read(b);
            return n > 0 && new String(b, 0, n, StandardCharsets.US_ASCII).startsWith("ack");
          } catch (IOException e) {
            return false;
          }
        });
    while (System.nanoTime() < deadline) {
      try {
        return answer.get(5, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        if (!perf.isAlive()) {
          return false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (java.util.concurrent.ExecutionException e) {
        return false;
      }
    }
    return false;
  }

  private FuzzprofException failure() {
    if (perf.isAlive()) {
      perf.destroyForcibly();
      waitThroughInterrupts(perf, 2_000);
    }
    String said;
    try {
      said = new String(perf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      said = "";
    }
    return said.isBlank()
        ? FuzzprofException.data("perf stat did not start counting within "
            + READY_TIMEOUT_MILLIS / 1000 + " s")
        : failure(said);
  }

  public List<String> command() {
    return command;
  }

  /** True while perf still counts. */
  public boolean running() {
    return perf.isAlive();
  }

  /** Seconds counted: from perf's acknowledgement of enable to that of disable. */
  public double seconds() {
    return ((stopNanos == 0 ? System.nanoTime() : stopNanos) - startNanos) / 1e9;
  }

  /** Ends counting now (or collects the counts if perf already ended) and returns them. */
  public List<PerfCount> stop() {
    if (stopNanos == 0) {
      boolean acked = false;
      try {
        acked = perf.isAlive() && command("disable");
      } catch (IOException e) {
        acked = false;
      }
      stopNanos = System.nanoTime();
      if (!acked && perf.isAlive()) {
        stopNanos = System.nanoTime(); // perf did not answer: the window ends now, roughly
      }
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
      dev.fuzzprof.parse.sys.Privileges self = dev.fuzzprof.acquire.sys.PrivilegeCheck.live();
      return new FuzzprofException(FuzzprofException.Kind.PERMISSION,
          self.perfRefused(said, self.whyNoPerf()));
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
    guard.close();
    for (RandomAccessFile f : new RandomAccessFile[] {ctl, ack}) {
      try {
        if (f != null) {
          f.close();
        }
      } catch (IOException e) {
        // closing a FIFO cannot lose data here
      }
    }
    deleteDir(fifoDir);
  }

  private static void deleteDir(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
