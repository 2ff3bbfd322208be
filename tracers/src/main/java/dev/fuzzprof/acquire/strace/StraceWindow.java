package dev.fuzzprof.acquire.strace;

import dev.fuzzprof.acquire.sys.Posix;
import dev.fuzzprof.acquire.sys.PrivilegeCheck;
import dev.fuzzprof.parse.sys.Privileges;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A short, bounded strace of running processes: {@code strace -f -ttt -T -o FILE -p PID...},
 * ended after a number of cases or a time limit, whichever comes first. strace stops the target
 * at every syscall (~50x slower), so the window is kept short and the target must never be left
 * traced or stopped. Four guards, each enough on its own:
 *
 * <ol>
 *   <li>try/finally around the window, and a JVM shutdown hook (Ctrl-C, SIGTERM): SIGINT to
 *       strace, which detaches on SIGINT/SIGTERM;
 *   <li>a watchdog thread: SIGINT at the deadline, SIGTERM half a second later, then SIGKILL;
 *   <li>outside the JVM, a shell guard that strace runs under: it ends strace when fuzzprof's
 *       pipe to it closes (fuzzprof exited, even by SIGKILL) or at the deadline, whichever
 *       first, escalating to SIGKILL;
 *   <li>after a SIGKILL of strace the kernel detaches ptrace, but a tracee may be left in the
 *       stopped state: the targets are then sent SIGCONT.
 * </ol>
 */
public final class StraceWindow {
  /** Grace between the stop request and SIGTERM, and again before SIGKILL. */
  private static final double GRACE = 0.5;

  /** strace's word for a refused attach: {@code attach: ptrace(PTRACE_SEIZE, 1234): ...}. */
  private static final Pattern REFUSED = Pattern.compile("ptrace\\(PTRACE_\\w+, (\\d+)\\)");

  private static final String GUARD = String.join("\n",
      "exec 3<&0",
      "strace \"$@\" </dev/null & s=$!",
      // fuzzprof asks to stop by closing this pipe; it also closes when fuzzprof dies
      "( cat <&3 >/dev/null; kill -INT $s 2>/dev/null ) &",
      "( sleep $FP_DEADLINE; kill -INT $s 2>/dev/null; sleep $FP_GRACE; kill -TERM $s 2>/dev/null;"
          + " sleep $FP_GRACE; kill -KILL $s 2>/dev/null && kill -CONT $FP_PIDS 2>/dev/null ) &",
      "w=$!",
      "wait $s; rc=$?",
      "kill $w 2>/dev/null",
      "exit $rc");

  /** What the window caught. */
  public record Result(Path trace, double seconds, long cases, boolean killed) {}

  private StraceWindow() {}

  /**
   * Traces {@code pids} (with {@code -f}) until {@code maxCases} cases were seen or
   * {@code maxSeconds} passed. The trace is written to {@code out}.
   */
  public static Result run(List<Integer> pids, int maxCases, double maxSeconds, Path out) {
    if (!onPath("strace")) {
      throw new FuzzprofException(FuzzprofException.Kind.MISSING_TOOL,
          "strace is not installed: apt-get install strace linux-perf");
    }
    // load jnr-posix now (~0.8 s of CPU the first time), before the targets are traced, so that
    // ending the window signals at once instead of waiting for it while they run slowed
    Posix.isNative();
    String pidList = pids.stream().map(String::valueOf).collect(Collectors.joining(" "));
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", GUARD, "fuzzprof-strace-guard",
        "-f", "-ttt", "-T", "-o", out.toString()));
    for (int p : pids) {
      cmd.add("-p");
      cmd.add(Integer.toString(p));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    pb.environment().put("FP_DEADLINE", String.format(Locale.ROOT, "%.3f", maxSeconds + 0.5));
    pb.environment().put("FP_GRACE", String.format(Locale.ROOT, "%.1f", GRACE));
    pb.environment().put("FP_PIDS", pidList);
    Process guard;
    try {
      guard = pb.start();
    } catch (IOException e) {
      throw new FuzzprofException(FuzzprofException.Kind.MISSING_TOOL,
          "cannot run sh for strace: " + e.getMessage());
    }
    Thread hook = new Thread(() -> end(guard, pids), "fuzzprof-strace-detach");
    Runtime.getRuntime().addShutdownHook(hook);
    Thread watchdog = new Thread(() -> {
      try {
        if (!guard.waitFor((long) ((maxSeconds + 0.3) * 1000), TimeUnit.MILLISECONDS)) {
          end(guard, pids);
        }
      } catch (InterruptedException e) {
        // the window ended normally
      }
    }, "fuzzprof-strace-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    long start = System.nanoTime();
    long cases = 0;
    boolean killed = false;
    try {
      CaseCounter counter = new CaseCounter(out);
      long deadline = start + (long) (maxSeconds * 1e9);
      while (guard.isAlive() && System.nanoTime() < deadline && cases < maxCases) {
        Thread.sleep(5); // every ms traced costs the target ~20x: stop soon after the limit
        cases = counter.poll();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      killed = end(guard, pids);
      watchdog.interrupt();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook runs anyway
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String said = drain(guard);
    if (said.contains("Operation not permitted")) {
      throw new FuzzprofException(FuzzprofException.Kind.PERMISSION, permissionMessage(said, pids));
    }
    try {
      cases = new CaseCounter(out).poll();
    } catch (RuntimeException e) {
      // keep the live count
    }
    return new Result(out, seconds, cases, killed);
  }

  /**
   * Ends the window: close the guard's pipe (SIGINT to strace), then escalate. Returns true if
   * strace had to be killed. Safe to call more than once and from any thread.
   */
  static synchronized boolean end(Process guard, List<Integer> pids) {
    if (!guard.isAlive()) {
      return false;
    }
    try {
      OutputStream o = guard.getOutputStream();
      o.close();
    } catch (IOException e) {
      // already closed
    }
    List<ProcessHandle> straces = guard.descendants()
        .filter(h -> h.info().command().map(c -> c.endsWith("/strace")).orElse(false)).toList();
    straces.forEach(h -> Posix.kill(h.pid(), Posix.SIGINT));
    try {
      if (guard.waitFor((long) (GRACE * 1000), TimeUnit.MILLISECONDS)) {
        return false;
      }
      straces.forEach(h -> Posix.kill(h.pid(), Posix.SIGTERM));
      if (guard.waitFor((long) (GRACE * 1000), TimeUnit.MILLISECONDS)) {
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    straces.forEach(ProcessHandle::destroyForcibly);
    guard.descendants().forEach(ProcessHandle::destroyForcibly);
    guard.destroyForcibly();
    for (int p : pids) {
      Posix.kill(p, Posix.SIGCONT);
    }
    return true;
  }

  /**
   * Why strace was refused, from the kernel's rules ({@link Privileges}) for the pids strace
   * named in its {@code attach: ptrace(PTRACE_SEIZE, PID)} errors, or else for all of them.
   */
  static String permissionMessage(String said, List<Integer> pids) {
    return permissionMessage(said, pids, PrivilegeCheck.live(), Path.of("/"));
  }

  /** The same for fuzzprof's privileges {@code self}, the targets' status files under {@code root}. */
  static String permissionMessage(String said, List<Integer> pids, Privileges self, Path root) {
    List<Long> refused = new ArrayList<>();
    Matcher m = REFUSED.matcher(said);
    while (m.find()) {
      refused.add(Long.parseLong(m.group(1)));
    }
    if (refused.isEmpty()) {
      pids.forEach(p -> refused.add((long) p));
    }
    String what = "strace may not attach to " + (refused.size() == 1 ? "process " : "processes ")
        + refused.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ": ";
    return refused.stream().map(p -> PrivilegeCheck.whyNoPtrace(root, self, p))
        .flatMap(Optional::stream).findFirst()
        .map(why -> what + why)
        .orElse(what + "the kernel refused although fuzzprof's uid and capabilities allow it"
            + " (a set-uid or non-dumpable target, or a security module such as SELinux or"
            + " AppArmor)");
  }

  private static String drain(Process p) {
    try (InputStream in = p.getInputStream()) {
      return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":")) {
      if (Files.isExecutable(Path.of(dir.isEmpty() ? "." : dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Counts case ends in the growing trace file: a process stopping itself (persistent) or a
   * process exiting (one per case in fork-server mode). Reads only what was appended.
   */
  private static final class CaseCounter {
    private final Path file;
    private long offset;
    private long cases;
    private String carry = "";

    CaseCounter(Path file) {
      this.file = file;
    }

    long poll() {
      if (!Files.exists(file)) {
        return cases;
      }
      try (var ch = Files.newByteChannel(file)) {
        long size = ch.size();
        if (size <= offset) {
          return cases;
        }
        ch.position(offset);
        var buf = java.nio.ByteBuffer.allocate((int) Math.min(size - offset, 8 << 20));
        int n = ch.read(buf);
        offset += Math.max(n, 0);
        String text = carry + new String(buf.array(), 0, Math.max(n, 0),
            StandardCharsets.ISO_8859_1);
        int last = text.lastIndexOf('\n');
        carry = last < 0 ? text : text.substring(last + 1);
        String whole = last < 0 ? "" : text.substring(0, last);
        for (String line : whole.split("\n")) {
          if (line.contains("--- stopped by SIGSTOP") || line.contains("+++ exited with")) {
            cases++;
          }
        }
      } catch (IOException e) {
        return cases;
      }
      return cases;
    }
  }
}
