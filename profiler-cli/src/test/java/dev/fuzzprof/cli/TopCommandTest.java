package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.parse.proc.CpuListParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** {@code fuzzprof top --plain} on this machine's live /proc. */
@EnabledOnOs(OS.LINUX)
@Tag("live")
class TopCommandTest {
  static final Pattern CORE =
      Pattern.compile("^\\s*(\\d+) \\[[|!~ ]+\\]\\s+user\\s+([\\d.]+)%\\s+kernel\\s+([\\d.]+)%"
          + "(?:\\s+steal\\s+([\\d.]+)%)?.*$");

  static List<Integer> onlineCpus() throws Exception {
    return CpuListParser.parse(Files.readString(Path.of("/sys/devices/system/cpu/online")).strip())
        .orElseThrow();
  }

  @Test
  void plainSnapshotsShowEveryOnlineCpu() throws Exception {
    CliRun r = CliRun.of("top", "--plain", "--iterations", "2", "--interval", "200ms");
    assertEquals(0, r.code(), r.err());
    List<Integer> cores = r.out().lines().map(CORE::matcher).filter(Matcher::matches)
        .map(m -> Integer.parseInt(m.group(1))).toList();
    List<Integer> online = onlineCpus();
    assertEquals(2 * online.size(), cores.size(), r.out());
    assertEquals(online, cores.subList(0, online.size()));
    assertEquals(2, r.out().lines().filter(l -> l.startsWith("fuzzprof top")).count());
    assertFalse(r.out().contains("\u001b["), "no escape codes in plain output");
  }

  @Test
  void aBusyLoopPinnedToCpu0ShowsCpu0Busy() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/taskset"))
        || Files.isExecutable(Path.of("/bin/taskset")), "taskset is not installed");
    Process busy = new ProcessBuilder("taskset", "-c", "0", "sh", "-c", "while :; do :; done")
        .redirectErrorStream(true).start();
    try {
      Thread.sleep(300);
      // Ground truth of our own: CPU 0's ticks over the whole run. A loop that never sleeps keeps
      // CPU 0 from idling, so what is not idle there is user, kernel or (on a loaded host) steal.
      LiveTruth.CpuTicks before = LiveTruth.cpuTicks(0);
      CliRun r = CliRun.of("top", "--plain", "--iterations", "2", "--interval", "500ms");
      LiveTruth.CpuTicks truth = LiveTruth.cpuTicks(0).minus(before);
      assertEquals(0, r.code(), r.err());
      double last = -1;
      for (String l : r.out().lines().toList()) {
        Matcher m = CORE.matcher(l);
        if (m.matches() && m.group(1).equals("0")) {
          last = Double.parseDouble(m.group(2)) + Double.parseDouble(m.group(3))
              + (m.group(4) == null ? 0 : Double.parseDouble(m.group(4)));
        }
      }
      double truthNotIdle = 100.0 - 100.0 * truth.idle() / truth.total();
      // Tolerance: top's last 0.5 s window against the test's window over the whole run (JVM
      // start included); ticks are 10 ms, so 15 points covers both the tick rounding and the
      // difference of windows.
      assertTrue(truthNotIdle >= 85, "the busy loop did not keep CPU 0 busy: " + truth);
      assertTrue(Math.abs(last - truthNotIdle) <= 15,
          "CPU 0 not idle " + last + "% by top, " + truth + " measured:\n" + r.out());
    } finally {
      busy.destroyForcibly();
      busy.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void badIntervalAndMissingDirectoryAreOneLine() {
    CliRun r = CliRun.of("top", "--plain", "--interval", "10ms");
    assertEquals(Exits.USAGE, r.code());
    assertTrue(r.oneCleanErrorLine(), r.err());
    CliRun d = CliRun.of("top", "--plain", "/no/such/out");
    assertEquals(Exits.DATA, d.code());
    assertTrue(d.oneCleanErrorLine(), d.err());
    CliRun s = CliRun.of("top", "--plain", "--sort", "size");
    assertEquals(Exits.USAGE, s.code());
  }

  @Test
  void anAflOutputDirectoryWithoutRunningFuzzersListsItsInstances() {
    CliRun r = CliRun.of("top", "--plain", "--iterations", "1", "--interval", "100ms",
        Repo.sample("afl-sync-dir").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("main"), r.out());
    assertTrue(r.out().contains("sec1"), r.out());
  }
}
