package dev.fuzzprof.analyze.flame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.flame.FlameReport.Share;
import dev.fuzzprof.parse.profile.CollapsedStacksParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlameAnalyzerTest {
  // Shapes taken from real perf script output of the persistent reference target.
  static final String STACKS = String.join("\n",
      "main;decode 39",
      "main;__GI___libc_open;entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k];__x64_sys_openat_[k];"
          + "do_sys_openat2_[k];do_filp_open_[k];path_openat_[k] 20",
      "main;__GI_read;entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k];x64_sys_call_[k];ksys_read_[k];"
          + "vfs_read_[k] 10",
      "main;__pthread_kill_implementation;entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k];"
          + "exit_to_user_mode_loop_[k];arch_do_signal_or_restart_[k];get_signal_[k];do_signal_stop_[k];"
          + "schedule_[k] 26",
      "main;__GI___libc_open;entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k] 5");

  static FlameReport report() {
    return FlameAnalyzer.analyze(CollapsedStacksParser.parse(STACKS).stacks(), FlameReport.Mode.PERF,
        42L, 2.0, false);
  }

  @Test
  void userAndKernelShares() {
    FlameReport r = report();
    assertEquals(100, r.samples());
    assertEquals(39.0, r.userPercent());
    assertEquals(61.0, r.kernelPercent());
  }

  @Test
  void entryFramesAreReportedApartFromTheHotFrames() {
    FlameReport r = report();
    List<String> top = r.topKernelFrames().stream().map(Share::frame).toList();
    assertFalse(top.contains("entry_SYSCALL_64_after_hwframe"));
    assertFalse(top.contains("do_syscall_64"));
    assertEquals(26.0, r.topKernelFrames().get(0).percent());
    assertTrue(top.contains("exit_to_user_mode_loop"));
    assertTrue(top.contains("do_sys_openat2"));
    assertTrue(r.entryFrames().contains(new Share("entry_SYSCALL_64_after_hwframe", 61.0, 61)));
  }

  @Test
  void kernelSamplesGoToTheirSyscalls() {
    FlameReport r = report();
    assertEquals(List.of(
        new Share(KernelFrames.RETURN_TO_USER, 26.0, 26),
        new Share("openat", 25.0, 25), // 20 under __x64_sys_openat + 5 in the entry, called by libc open
        new Share("read", 10.0, 10)), r.syscalls());
  }

  @Test
  void kernelHeavyFinding() {
    FlameReport r = report();
    Finding f = r.findings().get(0);
    assertEquals("kernel-heavy-profile", f.id());
    assertEquals("high", f.severity().toString());
    assertTrue(f.message().contains("61.0%"), f.message());
    assertEquals(List.of("__x64_sys_openat", "do_sys_openat2", "do_filp_open", "path_openat"),
        r.kernelPaths().stream().filter(p -> p.path().get(0).equals("__x64_sys_openat")).findFirst()
            .orElseThrow().path());
  }

  @Test
  void emptyAndPartialProfiles() {
    FlameReport r = FlameAnalyzer.analyze(List.of(), FlameReport.Mode.ASYNC_PROFILER, 1L, 1, true);
    assertEquals(0, r.samples());
    assertEquals(0.0, r.kernelPercent());
    assertEquals(List.of("few-samples", "partial-profile"),
        r.findings().stream().map(Finding::id).toList());
  }

  @Test
  void syscallNames() {
    assertEquals("openat", KernelFrames.syscall("__x64_sys_openat").orElseThrow());
    assertEquals("newfstatat", KernelFrames.syscall("__do_sys_newfstatat").orElseThrow());
    assertEquals("read", KernelFrames.syscall("ksys_read").orElseThrow());
    assertTrue(KernelFrames.syscall("do_sys_openat2").isEmpty());
    assertEquals("openat", KernelFrames.fromLibcCaller("__GI___libc_open"));
    assertEquals("newfstatat", KernelFrames.fromLibcCaller("__fstatat64"));
    assertEquals("close", KernelFrames.fromLibcCaller("__close"));
  }
}
