package dev.fuzzprof.parse.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrivilegesParserTest {
  // Uid and Cap values of /proc/self/status captured on the 2-core Debian 12 VM (kernel 6.18);
  // the other lines are filler.
  /** As root: {@code grep -E '^(Uid|Cap)' /proc/self/status}. */
  static final String ROOT = status("0", "000001fffeffffff", "000001fffeffffff");
  /** {@code setpriv --reuid=65534 --regid=65534 --clear-groups grep ...}. */
  static final String NOBODY = status("65534", "0000000000000000", "0000000000000000");
  /** Root as a container runs it: {@code setpriv --bounding-set=-sys_admin,-perfmon,-sys_ptrace}. */
  static final String ROOT_NO_ADMIN = status("0", "000001bffed7ffff", "000001bffed7ffff");
  /** Made up: an unprivileged perf wrapper given only CAP_PERFMON (bit 38). */
  static final String USER_PERFMON = status("1000", "0000004000000000", "0000004000000000");
  /** Made up: an unprivileged user given only CAP_SYS_ADMIN (bit 21). */
  static final String USER_SYS_ADMIN = status("1000", "0000000000200000", "0000000000200000");
  /** A plain user, no capabilities (as the useradd user of the live test). */
  static final String USER = status("1000", "0000000000000000", "0000000000000000");

  static String status(String uid, String prm, String eff) {
    return "Name:\tgrep\nUmask:\t0022\nState:\tR (running)\n"
        + "Uid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\n"
        + "Gid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\n"
        + "CapInh:\t0000000000000000\nCapPrm:\t" + prm + "\nCapEff:\t" + eff + "\n"
        + "CapBnd:\t000001fffeffffff\nCapAmb:\t0000000000000000\nNoNewPrivs:\t0\n";
  }

  static Privileges user(String paranoid, String status) {
    return PrivilegesParser.parse(paranoid + "\n", null, 1000, true, status);
  }

  @Test
  void readsTheTexts() {
    Privileges p = PrivilegesParser.parse("2\n", null, 0, true, ROOT);
    assertEquals(2, p.perfEventParanoid());
    assertNull(p.ptraceScope());
    assertFalse(p.yama());
    assertEquals(0x000001fffeffffffL, p.capEff());
    assertTrue(p.has(Privileges.CAP_PERFMON));
    assertFalse(p.has(24)); // CAP_SYS_RESOURCE is not in this VM's set
    assertEquals(1, PrivilegesParser.parse("2", "1\n", 0, true, ROOT).ptraceScope());
    assertEquals(-1, PrivilegesParser.parse("-1\n", null, 0, true, ROOT).perfEventParanoid());
    assertNull(PrivilegesParser.parse("garbage", null, 0, true, "CapEff:\tzz\n").capEff());
    assertNull(PrivilegesParser.parse(null, null, 0, true, null).perfEventParanoid());
    assertEquals(1001, PrivilegesParser.effectiveUid("Uid:\t1000\t1001\t1000\t1000\n").getAsInt());
    assertEquals(0x1bffed7ffffL, PrivilegesParser.capPrm(ROOT_NO_ADMIN).getAsLong());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "0"})
  void aUserMayCountOnWholeCpusUpToParanoidZero(String paranoid) {
    Privileges p = user(paranoid, NOBODY);
    assertTrue(p.canCountTracepoints());
    assertEquals(Optional.empty(), p.whyNoPerf());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "2", "3"})
  void aboveZeroAUserNeedsTheSysctlOrCapPerfmon(String paranoid) {
    Privileges p = user(paranoid, NOBODY);
    assertFalse(p.canCountTracepoints());
    String why = p.whyNoPerf().orElseThrow();
    assertTrue(why.contains("/proc/sys/kernel/perf_event_paranoid is " + paranoid), why);
    assertTrue(why.contains("`sysctl -w kernel.perf_event_paranoid=0`"), why);
    assertTrue(why.contains("CAP_PERFMON"), why);
    assertTrue(why.contains("uid 1000"), why);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "0", "1", "2", "3"})
  void capPerfmonOrCapSysAdminAllowIt(String paranoid) {
    assertTrue(user(paranoid, USER_PERFMON).canCountTracepoints());
    assertTrue(user(paranoid, USER_SYS_ADMIN).canCountTracepoints());
    assertTrue(PrivilegesParser.parse(paranoid, null, 0, true, ROOT).canCountTracepoints());
  }

  @Test
  void rootWithoutTheCapabilitiesIsAUser() {
    Privileges p = PrivilegesParser.parse("2\n", null, 0, true, ROOT_NO_ADMIN);
    assertFalse(p.canCountTracepoints());
    assertTrue(p.whyNoPerf().orElseThrow().contains("kernel.perf_event_paranoid=0"));
    assertTrue(PrivilegesParser.parse("0\n", null, 0, true, ROOT_NO_ADMIN).canCountTracepoints());
  }

  @Test
  void rootWithoutAStatusHasEveryCapability() {
    Privileges p = PrivilegesParser.parse("2\n", null, 0, true, null);
    assertNull(p.capEff());
    assertTrue(p.canCountTracepoints());
    assertTrue(p.canPtrace(1000));
    assertFalse(PrivilegesParser.parse("2\n", null, 1000, true, null).canCountTracepoints());
  }

  @Test
  void tracefsMustBeReadable() {
    Privileges user = PrivilegesParser.parse("-1\n", null, 1000, false, USER_PERFMON);
    assertFalse(user.canCountTracepoints());
    String why = user.whyNoPerf().orElseThrow();
    assertTrue(why.contains("/sys/kernel/tracing") && why.contains("uid 1000"), why);
    assertTrue(why.contains("root only") && why.contains("at any perf_event_paranoid"), why);
    assertTrue(why.contains("`mount -o remount,mode=755 /sys/kernel/tracing`"), why);
    Privileges root = PrivilegesParser.parse("2\n", null, 0, false, ROOT);
    assertTrue(root.whyNoPerf().orElseThrow().contains("`mount -t tracefs nodev /sys/kernel/tracing`"));
  }

  @Test
  void noPerfEventsInTheKernel() {
    Privileges p = PrivilegesParser.parse(null, null, 0, true, ROOT);
    assertFalse(p.canCountTracepoints());
    assertTrue(p.whyNoPerf().orElseThrow().contains("CONFIG_PERF_EVENTS"));
  }

  @Test
  void ptraceWithoutYama() {
    Privileges nobody = PrivilegesParser.parse("2\n", null, 65534, true, NOBODY);
    assertTrue(nobody.canPtrace(65534));
    assertEquals(Optional.empty(), nobody.whyNoPtrace());
    assertFalse(nobody.canPtrace(0));
    String why = nobody.whyNoPtrace(0).orElseThrow();
    assertTrue(why.contains("CAP_SYS_PTRACE") && why.contains("uid 0"), why);
    Privileges root = PrivilegesParser.parse("2\n", null, 0, true, ROOT);
    assertTrue(root.canPtrace(65534));
    assertEquals(Optional.empty(), root.whyNoPtrace());
    // root as a container runs it: its own processes, not other users' nor fully privileged ones
    Privileges boxed = PrivilegesParser.parse("2\n", null, 0, true, ROOT_NO_ADMIN);
    assertTrue(boxed.canPtrace(0, 0x1bffed7ffffL));
    assertFalse(boxed.canPtrace(65534, 0));
    String more = boxed.whyNoPtrace(0, 0x000001fffeffffffL).orElseThrow();
    assertTrue(more.contains("capabilities fuzzprof lacks") && more.contains("CAP_SYS_PTRACE"), more);
  }

  @Test
  void noMessageNamesYamaWhenTheKernelHasNone() {
    for (String status : new String[] {ROOT, NOBODY, ROOT_NO_ADMIN, USER_PERFMON, null}) {
      for (int euid : new int[] {0, 1000, 65534}) {
        for (String paranoid : new String[] {"-1", "0", "1", "2", "3", null}) {
          for (boolean tracefs : new boolean[] {true, false}) {
            Privileges p = PrivilegesParser.parse(paranoid, null, euid, tracefs, status);
            for (int target : new int[] {0, 1000, 65534}) {
              for (long caps : new long[] {0, 0x000001fffeffffffL}) {
                p.whyNoPtrace(target, caps).ifPresent(PrivilegesParserTest::noYama);
              }
            }
            p.whyNoPerf().ifPresent(PrivilegesParserTest::noYama);
            p.whyNoKernelFrames().ifPresent(PrivilegesParserTest::noYama);
            p.whyNoUprobe().ifPresent(PrivilegesParserTest::noYama);
            for (int target : new int[] {0, 1000, 65534}) {
              p.whyNoSampling(target, 0).ifPresent(PrivilegesParserTest::noYama);
              noYama(p.perfRefused("perf_event_paranoid setting is 3:", Optional.empty()));
            }
            p.whyNoJvmAttach(4242).ifPresent(PrivilegesParserTest::noYama);
          }
        }
      }
    }
  }

  static String fixture(String name) throws IOException {
    try (InputStream in = PrivilegesParserTest.class.getResourceAsStream("/privileges/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** perf prints the level it read when the kernel refused it (recorded at 2; Debian's 3). */
  @Test
  void perfSaysTheLevelItWasRefusedAt() throws IOException {
    assertEquals(Optional.of(2),
        PrivilegesParser.paranoidPerfSaid(fixture("perf-stat-a-user-paranoid-2.txt")));
    assertEquals(Optional.of(3), PrivilegesParser.paranoidPerfSaid(
        fixture("perf-record-p-own-process-debian-paranoid-3.txt")));
    assertEquals(Optional.empty(),
        PrivilegesParser.paranoidPerfSaid(fixture("perf-stat-tracepoint-user.txt")));
    assertEquals(Optional.empty(), PrivilegesParser.paranoidPerfSaid(null));
    assertEquals(Optional.empty(), PrivilegesParser.paranoidPerfSaid(
        "perf_event_paranoid setting is 99999999999999999999:"));
  }

  /**
   * Debian's "no perf at all" is named only where the upstream rules allowed what was refused:
   * the user's own process at 3 (upstream: as 2, user frames allowed). Another user's process, or
   * CPU-wide counting, is refused by the upstream rules already, and those are what is said.
   */
  @Test
  void debiansParanoidThreeFromItsErrorOutput() throws IOException {
    String debian = fixture("perf-record-p-own-process-debian-paranoid-3.txt");
    Privileges user = PrivilegesParser.parse("3\n", null, 1000, true, USER);
    assertEquals(Optional.empty(), user.whyNoSampling(1000, 0), "upstream allows it at 3");
    String m = user.perfRefused(debian, user.whyNoSampling(1000, 0));
    assertTrue(m.contains("perf_event_paranoid is 3") && m.contains("Debian's restriction"), m);
    assertTrue(m.contains("`sysctl -w kernel.perf_event_paranoid=2`"), m);
    assertTrue(m.contains("CAP_PERFMON"), m);
    noYama(m);
    String other = user.perfRefused(debian, user.whyNoSampling(0, 0));
    assertTrue(other.contains("may not profile a process of uid 0") && !other.contains("Debian"),
        other);
    // the recorded refusal at 2 on this kernel: CPU-wide counting, explained by the upstream rule
    String two = fixture("perf-stat-a-user-paranoid-2.txt");
    Privileges user2 = PrivilegesParser.parse("2\n", null, 1000, true, USER);
    String cpuWide = user2.perfRefused(two, user2.whyNoPerf());
    assertTrue(cpuWide.contains("perf_event_paranoid is 2")
        && cpuWide.contains("`sysctl -w kernel.perf_event_paranoid=0`")
        && !cpuWide.contains("Debian"), cpuWide);
    // refused although every rule allows it, below 3: not Debian, something else refused
    Privileges user1 = PrivilegesParser.parse("1\n", null, 1000, true, USER);
    String odd = user1.perfRefused(two.replace("setting is 2", "setting is 1"), Optional.empty());
    assertTrue(odd.contains("security module") && !odd.contains("Debian"), odd);
  }

  /** The recorded tracepoint refusal of a user on this kernel: tracefs is root's only. */
  @Test
  void tracefsRefusalFromItsErrorOutput() throws IOException {
    Privileges user = PrivilegesParser.parse("1\n", null, 1000, false, USER);
    String m = user.perfRefused(fixture("perf-stat-tracepoint-user.txt"), user.whyNoPerf());
    assertTrue(m.contains("readable by root only") && m.contains("at any perf_event_paranoid"), m);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2", "3"})
  void kernelFramesNeedParanoidOneOrCapPerfmon(String paranoid) {
    Privileges user = PrivilegesParser.parse(paranoid, null, 1000, true, USER);
    String why = user.whyNoKernelFrames().orElseThrow();
    assertTrue(why.startsWith("kernel frames not sampled") && why.contains("is " + paranoid), why);
    assertTrue(why.contains("`sysctl -w kernel.perf_event_paranoid=1`"), why);
    assertEquals(Optional.empty(),
        PrivilegesParser.parse("1", null, 1000, true, USER).whyNoKernelFrames());
    assertEquals(Optional.empty(),
        PrivilegesParser.parse(paranoid, null, 1000, true, USER_PERFMON).whyNoKernelFrames());
    assertEquals(Optional.empty(),
        PrivilegesParser.parse(paranoid, null, 0, true, ROOT).whyNoKernelFrames());
  }

  @Test
  void samplingAnotherUsersProcessIsNotAParanoidMatter() {
    Privileges user = PrivilegesParser.parse("-1", null, 1000, true, USER);
    String why = user.whyNoSampling(0, 0).orElseThrow();
    assertTrue(why.contains("uid 1000 may not profile a process of uid 0"), why);
    assertTrue(why.contains("CAP_PERFMON or CAP_SYS_PTRACE") && why.contains("run fuzzprof as root"),
        why);
    assertEquals(Optional.empty(), user.whyNoSampling(1000, 0));
    assertTrue(user.whyNoSampling(1000, 1L << 21).orElseThrow().contains("capabilities"));
    assertEquals(Optional.empty(),
        PrivilegesParser.parse("2", null, 1000, true, USER_PERFMON).whyNoSampling(0, 0));
    assertTrue(PrivilegesParser.parse(null, null, 1000, true, USER).whyNoSampling(1000, 0)
        .orElseThrow().contains("CONFIG_PERF_EVENTS"));
  }

  @Test
  void uprobesAreRootsOnly() {
    assertTrue(PrivilegesParser.parse("-1", null, 1000, true, USER_PERFMON).whyNoUprobe()
        .orElseThrow().contains("uprobes need root"));
    assertEquals(Optional.empty(),
        PrivilegesParser.parse("2", null, 0, true, ROOT).whyNoUprobe());
  }

  static void noYama(String message) {
    assertFalse(message.toLowerCase(Locale.ROOT).contains("yama"), message);
  }

  @Test
  void yamaScopes() {
    // 0: classic, nothing added
    assertTrue(PrivilegesParser.parse("2", "0\n", 1000, true, NOBODY).canPtrace(1000));
    // 1: only ancestors, and strace -p is not one
    Privileges one = PrivilegesParser.parse("2", "1\n", 1000, true, NOBODY);
    assertFalse(one.canPtrace(1000));
    String why = one.whyNoPtrace().orElseThrow();
    assertTrue(why.contains("kernel.yama.ptrace_scope is 1"), why);
    assertTrue(why.contains("`sysctl -w kernel.yama.ptrace_scope=0`"), why);
    assertTrue(PrivilegesParser.parse("2", "1\n", 0, true, ROOT).canPtrace(1000));
    // 2: CAP_SYS_PTRACE only
    Privileges two = PrivilegesParser.parse("2", "2\n", 1000, true, NOBODY);
    assertTrue(two.whyNoPtrace().orElseThrow().contains("kernel.yama.ptrace_scope is 2"));
    assertTrue(PrivilegesParser.parse("2", "2\n", 0, true, ROOT).canPtrace(1000));
    // 3: nobody, not even root
    Privileges three = PrivilegesParser.parse("2", "3\n", 0, true, ROOT);
    assertFalse(three.canPtrace(0));
    assertTrue(three.whyNoPtrace().orElseThrow().contains("kernel.yama.ptrace_scope is 3"));
  }

  @Test
  void jvmAttachIsForTheSameUserOrRoot() {
    Privileges user = PrivilegesParser.parse("2", "3\n", 1000, true, NOBODY);
    assertEquals(Optional.empty(), user.whyNoJvmAttach(1000)); // no ptrace, so Yama has no say
    String why = user.whyNoJvmAttach(1001).orElseThrow();
    assertTrue(why.contains("run fuzzprof as uid 1001 or as root"), why);
    assertEquals(Optional.empty(), PrivilegesParser.parse("2", null, 0, true, ROOT).whyNoJvmAttach(1001));
  }
}
