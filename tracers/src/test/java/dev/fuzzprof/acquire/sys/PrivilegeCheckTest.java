package dev.fuzzprof.acquire.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fuzzprof.parse.sys.Privileges;
import dev.fuzzprof.parse.sys.PrivilegesParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@Tag("live")
class PrivilegeCheckTest {
  private static final String STATUS = "Name:\tjava\nUid:\t1000\t1000\t1000\t1000\n"
      + "CapPrm:\t0000000000000000\nCapEff:\t0000000000000000\n";

  @Test
  void readsAFakeTree(@TempDir Path root) throws IOException {
    write(root, "proc/sys/kernel/perf_event_paranoid", "1\n");
    write(root, "proc/sys/kernel/yama/ptrace_scope", "1\n");
    write(root, "proc/self/status", STATUS);
    write(root, "proc/4242/status", "Name:\tafl-fuzz\nUid:\t1001\t1001\t1001\t1001\nCapPrm:\t0\n");
    Files.createDirectories(root.resolve("sys/kernel/debug/tracing/events"));
    Privileges p = PrivilegeCheck.read(root, 1000);
    assertEquals(new Privileges(1000, 1, 1, 0L, true), p);
    assertEquals(1001, PrivilegeCheck.uidOf(root, 4242).getAsInt());
    assertTrue(PrivilegeCheck.whyNoPtrace(root, p, 4242).orElseThrow().contains("uid 1001"));
    assertEquals(Optional.empty(), PrivilegeCheck.whyNoPtrace(root, p, 999)); // gone
  }

  @Test
  void missingFiles(@TempDir Path root) {
    Privileges p = PrivilegeCheck.read(root, 1000);
    assertNull(p.perfEventParanoid());
    assertNull(p.ptraceScope());
    assertNull(p.capEff());
    assertFalse(p.tracefsReadable());
  }

  /** This machine: root, perf_event_paranoid 2, no Yama. */
  @Test
  @EnabledOnOs(OS.LINUX)
  void liveAsRoot() {
    assumeTrue(Posix.euid() == 0, "runs as root, like CI");
    Privileges p = PrivilegeCheck.live();
    assertEquals(0, p.euid());
    assertEquals(Files.exists(Path.of("/proc/sys/kernel/yama/ptrace_scope")), p.yama());
    assertTrue(p.canCountTracepoints(), p.whyNoPerf().orElse(""));
    assertEquals(Optional.empty(), p.whyNoPerf());
    assertEquals(Optional.empty(), p.whyNoPtrace());
    assertEquals(Optional.empty(),
        PrivilegeCheck.whyNoPtrace(p, ProcessHandle.current().pid()));
  }

  /**
   * The ground truth: perf itself, run as root, as root without CAP_PERFMON and CAP_SYS_ADMIN,
   * and as nobody, each time against what {@link Privileges} says from that identity's own
   * /proc/self/status and tracefs access.
   */
  @Test
  @EnabledOnOs(OS.LINUX)
  void perfAgrees() throws Exception {
    assumeTrue(Posix.euid() == 0 && onPath("perf") && onPath("setpriv"), "root, perf, setpriv");
    List<String[]> identities = List.of(
        new String[0],
        new String[] {"setpriv", "--bounding-set=-sys_admin,-perfmon"},
        new String[] {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"});
    for (String[] as : identities) {
      Privileges p = privilegesOf(as);
      Run perf = run(as, "perf", "stat", "-x,", "-e", "raw_syscalls:sys_enter", "-a", "--", "true");
      assertEquals(perf.rc() == 0, p.canCountTracepoints(),
          String.join(" ", as) + ": " + p + " / perf: " + perf.out());
    }
  }

  /** The ground truth: strace attaching, from those identities, to a root and a nobody sleep. */
  @Test
  @EnabledOnOs(OS.LINUX)
  void straceAgrees() throws Exception {
    assumeTrue(Posix.euid() == 0 && onPath("strace") && onPath("setpriv") && onPath("timeout"),
        "root, strace, setpriv, timeout");
    String[] nobody = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
    List<String[]> identities = List.of(
        new String[0], new String[] {"setpriv", "--bounding-set=-sys_ptrace"}, nobody);
    Process rootSleep = new ProcessBuilder("sleep", "30").start();
    Process nobodySleep = new ProcessBuilder(concat(nobody, "sleep", "30")).start();
    try {
      Thread.sleep(200);
      int checked = 0;
      for (String[] as : identities) {
        Privileges p = privilegesOf(as);
        for (Process target : List.of(rootSleep, nobodySleep)) {
          Run strace = run(as, "timeout", "-s", "INT", "0.5", "strace", "-qq", "-e", "trace=none",
              "-p", Long.toString(target.pid()));
          boolean attached = strace.rc() == 124 && !strace.out().contains("not permitted");
          Optional<String> why = PrivilegeCheck.whyNoPtrace(p, target.pid());
          assertEquals(attached, why.isEmpty(), String.join(" ", as) + " -> " + target.pid()
              + ": " + why + " / strace: " + strace.out());
          checked++;
        }
      }
      assertEquals(6, checked);
    } finally {
      rootSleep.destroyForcibly();
      nobodySleep.destroyForcibly();
    }
  }

  /** Privileges of a process started with {@code as} (empty: this one's identity). */
  private static Privileges privilegesOf(String[] as) throws Exception {
    Run status = run(as, "cat", "/proc/self/status");
    Run uid = run(as, "id", "-u");
    Run tracefs = run(as, "sh", "-c",
        "test -r /sys/kernel/tracing/events || test -r /sys/kernel/debug/tracing/events");
    Path yama = Path.of("/proc/sys/kernel/yama/ptrace_scope");
    return PrivilegesParser.parse(
        Files.readString(Path.of("/proc/sys/kernel/perf_event_paranoid")),
        Files.exists(yama) ? Files.readString(yama) : null,
        Integer.parseInt(uid.out().strip()), tracefs.rc() == 0, status.out());
  }

  private record Run(int rc, String out) {}

  private static Run run(String[] as, String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(concat(as, cmd)).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    return new Run(p.exitValue(), out);
  }

  private static List<String> concat(String[] as, String... cmd) {
    List<String> all = new ArrayList<>(List.of(as));
    all.addAll(List.of(cmd));
    return all;
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static void write(Path root, String rel, String text) throws IOException {
    Files.createDirectories(root.resolve(rel).getParent());
    Files.writeString(root.resolve(rel), text);
  }
}
