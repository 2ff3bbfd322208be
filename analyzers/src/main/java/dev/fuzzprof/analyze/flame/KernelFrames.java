package dev.fuzzprof.analyze.flame;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What kernel function names say: generic entry paths, and the syscall a stack belongs to. */
final class KernelFrames {
  private KernelFrames() {}

  private static final Set<String> ENTRY = Set.of(
      "entry_SYSCALL_64", "entry_SYSCALL_64_after_hwframe", "entry_SYSCALL_64_safe_stack",
      "do_syscall_64", "x64_sys_call", "entry_SYSCALL_compat", "entry_SYSENTER_compat",
      "do_fast_syscall_32", "do_int80_syscall_32", "__do_fast_syscall_32", "ia32_sys_call",
      "el0_svc", "el0t_64_sync", "el0t_64_sync_handler", "el0_svc_common", "do_el0_svc",
      "invoke_syscall", "asm_exc_page_fault", "exc_page_fault", "common_interrupt",
      "asm_common_interrupt", "irq_exit_rcu", "ret_from_fork", "ret_from_fork_asm");

  private static final Pattern SYSCALL = Pattern.compile(
      "^(?:__x64_sys_|__ia32_sys_|__x32_compat_sys_|__ia32_compat_sys_|__arm64_sys_"
          + "|__arm64_compat_sys_|__se_sys_|__do_sys_|ksys_|sys_)(\\w+)$");

  /** Generic ways into the kernel: every syscall, fault or interrupt passes through them. */
  static boolean isEntry(String name) {
    return ENTRY.contains(name) || name.startsWith("asm_sysvec_") || name.startsWith("sysvec_");
  }

  /** {@code __x64_sys_openat} -> {@code openat}. */
  static Optional<String> syscall(String name) {
    Matcher m = SYSCALL.matcher(name);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  static final String RETURN_TO_USER = "(return to user: signals, rescheduling)";
  static final String PAGE_FAULT = "(page fault)";
  static final String INTERRUPT = "(interrupt)";
  static final String OTHER = "(other kernel)";
  static final String ENTRY_EXIT = "(syscall entry/exit)";

  private static final java.util.Map<String, String> LIBC_WRAPPER = java.util.Map.of(
      "open", "openat", "fstatat", "newfstatat", "stat", "newfstatat", "fstat", "newfstatat",
      "pthread_kill_implementation", "tgkill", "pthread_kill", "tgkill", "raise", "tgkill",
      "lseek", "lseek", "pread", "pread64", "pwrite", "pwrite64");

  /**
   * The syscall of a sample taken in the entry code itself, guessed from the libc function that
   * made it ({@code __GI___libc_open} -> {@code openat}), or null.
   */
  static String fromLibcCaller(String userFrame) {
    String n = userFrame;
    for (String prefix : new String[] {"__GI_", "__", "__libc_", "_"}) {
      if (n.startsWith(prefix)) {
        n = n.substring(prefix.length());
      }
    }
    if (n.startsWith("libc_")) {
      n = n.substring("libc_".length());
    }
    if (n.endsWith("64") && !n.equals("pread64") && !n.equals("pwrite64")) {
      n = n.substring(0, n.length() - 2);
    }
    if (LIBC_WRAPPER.containsKey(n)) {
      return LIBC_WRAPPER.get(n);
    }
    return n.matches("(read|write|close|getpid|gettid|kill|tgkill|mmap|munmap|brk|madvise|ioctl"
        + "|futex|nanosleep|clock_nanosleep|openat|newfstatat|statx|poll|ppoll|select|getrandom"
        + "|sched_yield|rt_sigprocmask|rt_sigaction|wait4|waitid)") ? n : null;
  }

  /**
   * The non-syscall way into the kernel a stack without a {@code sys_} frame took: the work done
   * on the way back from a syscall (signal delivery such as a SIGSTOP stop, rescheduling), a
   * page fault, an interrupt.
   */
  static String otherWayIn(String name) {
    if (name.contains("exit_to_user_mode") || name.equals("syscall_exit_to_user_mode")
        || name.equals("arch_do_signal_or_restart") || name.equals("get_signal")) {
      return RETURN_TO_USER;
    }
    if (name.contains("page_fault")) {
      return PAGE_FAULT;
    }
    if (name.startsWith("asm_sysvec_") || name.startsWith("sysvec_") || name.contains("interrupt")) {
      return INTERRUPT;
    }
    return null;
  }
}
