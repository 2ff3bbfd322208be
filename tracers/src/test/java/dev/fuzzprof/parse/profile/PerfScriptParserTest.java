package dev.fuzzprof.parse.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On real perf script output of the persistent reference target (see resources/profile/README.md). */
class PerfScriptParserTest {

  static Stacks fixture() throws Exception {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        PerfScriptParserTest.class.getResourceAsStream("/profile/persistent-driver.perf-script.txt"),
        StandardCharsets.ISO_8859_1))) {
      return PerfScriptParser.parse(in);
    }
  }

  @Test
  void everySampleOfTheCaptureIsAStack() throws Exception {
    Stacks s = fixture();
    assertEquals(300, s.samples()); // awk: 300 blank-line separated samples
    assertEquals(0, s.skippedLines());
    long inKernel = s.stacks().stream().filter(Stack::inKernel).mapToLong(Stack::count).sum();
    assertEquals(276, inKernel); // awk: samples whose first frame is in [kernel.kallsyms]
  }

  @Test
  void framesAreOutermostFirstWithKernelFramesMarkedAndGarbageDropped() throws Exception {
    Stack first = fixture().stacks().get(0);
    assertEquals(List.of(
        new Frame("__pthread_kill_implementation", false, "libc.so.6"),
        Frame.kernel("entry_SYSCALL_64_after_hwframe"),
        Frame.kernel("do_syscall_64"),
        Frame.kernel("exit_to_user_mode_loop"),
        Frame.kernel("schedule"),
        Frame.kernel("__schedule"),
        Frame.kernel("finish_task_switch.isra.0")), first.frames());
  }

  @Test
  void fileIoAndSignalStopPathsAreThere() throws Exception {
    Stacks s = fixture();
    long openat = s.stacks().stream()
        .filter(st -> st.frames().contains(Frame.kernel("do_sys_openat2"))).mapToLong(Stack::count).sum();
    assertEquals(24, openat); // awk: samples with do_sys_openat2
    assertTrue(s.stacks().stream().anyMatch(st -> st.frames().contains(Frame.kernel("do_signal_stop"))));
  }

  @Test
  void frameLines() {
    assertEquals(Frame.kernel("do_sys_openat2"),
        PerfScriptParser.frame("\tffffffff816b531e do_sys_openat2+0x6e ([kernel.kallsyms])"));
    assertEquals(new Frame("__GI___libc_open", false, "libc.so.6"),
        PerfScriptParser.frame("\t           f8011 __GI___libc_open+0x51 (/usr/lib/x86_64-linux-gnu/libc.so.6)"));
    assertEquals(new Frame("std::vector<int, std::allocator<int> >::push_back(int const&)",
        false, "a.out"),
        PerfScriptParser.frame("\t 1234 std::vector<int, std::allocator<int> >::push_back(int const&)+0x1f (/tmp/a.out)"));
    assertEquals(new Frame("[a.out]", false, "a.out"),
        PerfScriptParser.frame("\t 1234 [unknown] (/tmp/a.out)"));
    assertNull(PerfScriptParser.frame("\t               0 [unknown] ([unknown])"));
    Frame vdso = PerfScriptParser.frame("\t 7ffd1 __vdso_clock_gettime+0x1 ([vdso])");
    assertFalse(vdso.kernel());
    assertEquals("vdso", vdso.module());
    assertNull(PerfScriptParser.frame("\tffffffff816b531e do_sys_openat2+0x6e ([kernel.kallsyms])")
        .module(), "kernel frames carry no module");
  }

  @Test
  void junkIsCountedNotFatal() {
    Stacks s = PerfScriptParser.parse("garbage without colon\n\tdangling frame\n"
        + "prog 1/1 1.0: 1 cpu-clock:\n\tffff f+0x1 ([kernel.kallsyms])\n");
    assertEquals(1, s.samples());
    assertEquals(2, s.skippedLines());
  }
}
