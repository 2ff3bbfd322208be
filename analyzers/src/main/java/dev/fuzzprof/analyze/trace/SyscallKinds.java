package dev.fuzzprof.analyze.trace;

import java.util.Set;

/**
 * What a syscall is for, as far as a fuzzing harness is concerned. Used to explain cases, never
 * to find them: case boundaries come from stops and process lifetimes.
 */
final class SyscallKinds {
  private SyscallKinds() {}

  static final Set<String> INPUT_OPENS = Set.of("open", "openat", "openat2", "creat");

  static final Set<String> INPUT_READS =
      Set.of("read", "pread64", "readv", "preadv", "preadv2");

  /** Getting the input from a file: opening, reading, seeking, closing, checking its size. */
  static final Set<String> INPUT_IO = Set.of("open", "openat", "openat2", "creat", "read",
      "pread64", "readv", "preadv", "preadv2", "close", "lseek", "fstat", "newfstatat", "stat",
      "statx", "fstatat64");

  /** The persistent-mode handshake and the fuzzer's own signalling. */
  static final Set<String> HANDSHAKE = Set.of("kill", "tgkill", "tkill", "getpid", "gettid",
      "rt_sigprocmask", "rt_sigreturn", "rt_sigsuspend", "pause", "wait4", "waitid",
      "restart_syscall");

  /** Memory obtained from or given back to the kernel. */
  static final Set<String> ALLOCATION =
      Set.of("brk", "mmap", "munmap", "mremap", "madvise", "mprotect");
}
