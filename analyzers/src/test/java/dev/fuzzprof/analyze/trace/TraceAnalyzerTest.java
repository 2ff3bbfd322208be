package dev.fuzzprof.analyze.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.Mode;
import dev.fuzzprof.parse.ParseStats;
import dev.fuzzprof.parse.PerfTraceParser;
import dev.fuzzprof.parse.StraceParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The case splitter on small traces in the shapes strace and perf print. */
class TraceAnalyzerTest {

  static TraceReport analyze(String trace) {
    TraceAnalyzer a = new TraceAnalyzer();
    ParseStats stats = new StraceParser(a).parseText(trace);
    return a.finish(stats, "strace");
  }

  static List<String> ids(TraceReport r) {
    return r.findings().stream().map(Finding::id).toList();
  }

  /** One persistent case as AFL++ 4.04c's child makes it (-f -ttt -T -o). */
  static String persistentCase(int pid, long t) {
    return String.join("\n",
        pid + "  " + t + ".000010 openat(AT_FDCWD, \"/o/.cur_input\", O_RDONLY) = 3 <0.000049>",
        pid + "  " + t + ".000020 read(3, \"\\377\\330\"..., 32768) = 471 <0.000044>",
        pid + "  " + t + ".000030 close(3)        = 0 <0.000043>",
        pid + "  " + t + ".000040 gettid()        = " + pid + " <0.000043>",
        pid + "  " + t + ".000050 getpid()        = " + pid + " <0.000042>",
        pid + "  " + t + ".000060 tgkill(" + pid + ", " + pid + ", SIGSTOP) = 0 <0.000042>",
        pid + "  " + t + ".000070 --- SIGSTOP {si_signo=SIGSTOP, si_code=SI_TKILL, si_pid=" + pid
            + ", si_uid=0} ---",
        pid + "  " + t + ".000080 --- stopped by SIGSTOP ---",
        pid + "  " + t + ".000090 --- SIGCONT {si_signo=SIGCONT, si_code=SI_USER, si_pid=1,"
            + " si_uid=0} ---",
        "");
  }

  @Test
  void persistentCasesAreCutAtTheSelfStop() {
    StringBuilder t = new StringBuilder();
    // attached mid-case: a partial first case
    t.append("6610  1.000001 close(3) = 0 <0.000040>\n");
    for (int i = 0; i < 20; i++) {
      t.append(persistentCase(6610, 2 + i));
    }
    // a partial last case
    t.append("6610  30.000001 openat(AT_FDCWD, \"/o/.cur_input\", O_RDONLY) = 3 <0.000049>\n");
    TraceReport r = analyze(t.toString());
    assertEquals(Mode.PERSISTENT, r.mode());
    assertEquals(19, r.cases(), "20 stops give 19 whole cases; partials are dropped");
    assertEquals(6.0, r.syscallsPerCase(), 1e-9);
    assertEquals(List.of("openat", "read", "close", "gettid", "getpid", "tgkill"),
        r.signature().calls());
    assertEquals(1.0, r.signature().share(), 1e-9);
    assertNotNull(r.kernelMicrosPerCase());
    assertEquals(49 + 44 + 43 + 43 + 42 + 42, r.kernelMicrosPerCase(), 1e-9);
    assertEquals(1.0, r.casesPerSecond(), 1e-6);
    assertTrue(ids(r).contains("file-input"));
    assertFalse(ids(r).contains("not-persistent"));
    assertEquals("target", r.processes().get(0).role());
  }

  @Test
  void oldGlibcRaiseShapeIsLearnedNotAssumed() {
    String one = String.join("\n",
        "rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0",
        "--- SIGCONT {si_signo=SIGCONT, si_code=SI_USER, si_pid=53776, si_uid=1000} ---",
        "openat(AT_FDCWD, \"/mnt/ram/outputs//.cur_input\", O_RDONLY) = 3",
        "read(3, \"\\377\\330\\377\\340\\0\\20JFIF\"..., 32768) = 3251",
        "close(3)                                = 0",
        "rt_sigprocmask(SIG_BLOCK, ~[RTMIN RT_1], [], 8) = 0",
        "getpid()                                = 53786",
        "gettid()                                = 53786",
        "tgkill(53786, 53786, SIGSTOP)           = 0",
        "--- SIGSTOP {si_signo=SIGSTOP, si_code=SI_TKILL, si_pid=53786, si_uid=1000} ---",
        "--- stopped by SIGSTOP ---",
        "");
    TraceReport r = analyze(one.repeat(12));
    assertEquals(Mode.PERSISTENT, r.mode());
    assertEquals(11, r.cases());
    assertEquals(8.0, r.syscallsPerCase(), 1e-9);
    assertEquals(List.of("rt_sigprocmask", "openat", "read", "close", "rt_sigprocmask", "getpid",
        "gettid", "tgkill"), r.signature().calls());
    assertNull(r.casesPerSecond(), "no timestamps, no rate");
    assertNull(r.kernelMicrosPerCase(), "no -T, no kernel time");
  }

  @Test
  void stopSignalWithoutTheSyscallStillCutsCases() {
    // a trace filtered with -e trace=file shows the stops but not the tgkill
    String one = String.join("\n",
        "openat(AT_FDCWD, \"in\", O_RDONLY) = 3",
        "read(3, \"x\", 10) = 1",
        "close(3) = 0",
        "--- SIGSTOP {si_signo=SIGSTOP, si_code=SI_TKILL, si_pid=5, si_uid=0} ---",
        "--- stopped by SIGSTOP ---",
        "");
    TraceReport r = analyze(one.repeat(5));
    assertEquals(4, r.cases());
    assertEquals(3.0, r.syscallsPerCase(), 1e-9);
  }

  @Test
  void sharedMemoryInputHasNoReadsPerCase() {
    String one = String.join("\n",
        "7 gettid() = 7",
        "7 getpid() = 7",
        "7 tgkill(7, 7, SIGSTOP) = 0",
        "7 --- SIGSTOP {si_signo=SIGSTOP, si_code=SI_TKILL, si_pid=7, si_uid=0} ---",
        "7 --- stopped by SIGSTOP ---",
        "");
    TraceReport r = analyze(one.repeat(30));
    assertEquals(Mode.SHMEM, r.mode());
    assertEquals(29, r.cases());
    assertEquals(3.0, r.syscallsPerCase(), 1e-9);
    assertFalse(ids(r).contains("file-input"));
    assertTrue(r.findings().stream().noneMatch(f -> f.severity() == dev.fuzzprof.analyze.Severity.HIGH));
  }

  /** A fork server case: the server forks, the child runs one input and exits. */
  static String forkCase(int child, long t) {
    return String.join("\n",
        "100 " + t + ".000001 read(198, \"\\0\\0\\0\\0\", 4) = 4",
        "100 " + t + ".000002 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID"
            + "|SIGCHLD, child_tidptr=0x7f) = " + child,
        "100 " + t + ".000003 write(199, \"" + child + "\", 4) = 4",
        "100 " + t + ".000004 wait4(" + child + ",  <unfinished ...>",
        child + " " + t + ".000005 set_robust_list(0x7f, 24) = 0",
        child + " " + t + ".000006 openat(AT_FDCWD, \"/o/.cur_input\", O_RDONLY) = 3",
        child + " " + t + ".000007 read(3, \"abc\", 32768) = 3",
        child + " " + t + ".000008 close(3) = 0",
        child + " " + t + ".000009 exit_group(0) = ?",
        child + " " + t + ".000010 +++ exited with 0 +++",
        "100 " + t + ".000011 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL)"
            + " = " + child,
        "100 " + t + ".000012 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=" + child
            + ", si_uid=0, si_status=0} ---",
        "100 " + t + ".000013 write(199, \"\\0\\0\\0\\0\", 4) = 4",
        "");
  }

  @Test
  void forkServerCasesCountServerAndChild() {
    StringBuilder t = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      t.append(forkCase(1000 + i, 1 + i));
    }
    TraceReport r = analyze(t.toString());
    assertEquals(Mode.FORKSERVER, r.mode());
    // the window of the last child stays open at the end: 9 whole cases
    assertEquals(9, r.cases());
    // server: clone, write, wait4, write, then the next case's read; child: 5
    assertEquals(5 + 5, r.syscallsPerCase(), 1e-9);
    assertEquals(List.of("clone", "write", "wait4", "write", "read",
        "set_robust_list", "openat", "read", "close", "exit_group"), r.signature().calls());
    assertTrue(ids(r).contains("not-persistent"));
    assertTrue(ids(r).contains("file-input"));
    var roles = r.processes().stream().map(TraceReport.ProcessGroup::role).toList();
    assertEquals(List.of("forkserver", "child"), roles);
    assertEquals(10, r.processes().get(1).pids());
  }

  @Test
  void execPerCase() {
    StringBuilder t = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      int c = 2000 + i;
      t.append("50 clone(child_stack=NULL, flags=SIGCHLD) = ").append(c).append('\n')
          .append(c).append(" execve(\"./target\", [\"./target\", \"in\"], 0x7ffd /* 3 vars */) = 0\n")
          .append(c).append(" brk(NULL) = 0x55d2f8167000\n")
          .append(c).append(" exit_group(0) = ?\n")
          .append(c).append(" +++ exited with 0 +++\n")
          .append("50 wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = ").append(c)
          .append('\n');
    }
    TraceReport r = analyze(t.toString());
    assertEquals(Mode.EXEC, r.mode());
    assertEquals(5, r.cases());
    assertTrue(ids(r).contains("not-persistent"));
  }

  @Test
  void noRepeatingCase() {
    TraceReport r = analyze("getpid() = 1\ngetppid() = 0\nwrite(1, \"hi\\n\", 3) = 3\n");
    assertEquals(Mode.UNKNOWN, r.mode());
    assertEquals(0, r.cases());
    assertEquals(List.of("no-cases"), ids(r));
  }

  @Test
  void repeatedUnexpectedAndAllocationSyscallsAreFlagged() {
    String one = String.join("\n",
        "9 mmap(NULL, 1048576, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000000000",
        "9 clock_gettime(CLOCK_MONOTONIC, {tv_sec=1, tv_nsec=2}) = 0",
        "9 munmap(0x7f0000000000, 1048576) = 0",
        "9 tgkill(9, 9, SIGSTOP) = 0",
        "9 --- SIGSTOP {si_signo=SIGSTOP, si_code=SI_TKILL, si_pid=9, si_uid=0} ---",
        "");
    TraceReport r = analyze(one.repeat(15));
    assertEquals(Mode.SHMEM, r.mode());
    assertTrue(ids(r).contains("per-case-allocation"), ids(r).toString());
    Finding odd = r.findings().stream().filter(f -> f.id().equals("unexpected-syscalls"))
        .findFirst().orElseThrow();
    assertTrue(odd.message().contains("clock_gettime x1"), odd.message());
  }

  @Test
  void variedCasesAreReportedAsUnstable() {
    StringBuilder t = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      t.append("read(0, \"x\", 1) = 1\n".repeat(1 + i % 4));
      t.append("tgkill(3, 3, SIGSTOP) = 0\n");
    }
    TraceReport r = analyze(t.toString());
    assertEquals(4, r.signature().distinct());
    assertTrue(r.signature().share() < 0.5);
    assertTrue(ids(r).contains("unstable-pattern"));
    assertEquals(2, r.caseLength().min());
    assertEquals(5, r.caseLength().max());
  }

  @Test
  void perfTraceShowsOnlyTheSyscallAndStillSplits() {
    TraceAnalyzer a = new TraceAnalyzer();
    StringBuilder t = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      String ms = String.format(java.util.Locale.ROOT, "%d.%03d", 2 + i, 0);
      t.append("     ").append(ms).append(" ( 0.020 ms): t/2640 openat(dfd: CWD, filename: 0xf03e7004) = 3\n")
          .append("     ").append(ms).append(" ( 0.014 ms): t/2640 read(fd: 3, buf: 0x7fff, count: 64) = 3\n")
          .append("     ").append(ms).append(" ( 0.013 ms): t/2640 close(fd: 3) = 0\n")
          .append("     ").append(ms).append(" ( 0.021 ms): t/2640 tgkill(tgid: 2640 (t), pid: 2640 (t), sig: STOP) = 0\n")
          .append("     ").append(ms).append(" ( 0.016 ms): t/2639 kill(pid: 2640 (t), sig: CONT) = 0\n");
    }
    ParseStats stats = new PerfTraceParser(a).parseText(t.toString());
    TraceReport r = a.finish(stats, "perf-trace");
    assertEquals(Mode.PERSISTENT, r.mode());
    assertEquals(7, r.cases());
    assertEquals(4.0, r.syscallsPerCase(), 1e-9);
    assertEquals(68.0, r.kernelMicrosPerCase(), 1e-9);
    var roles = r.processes().stream().map(TraceReport.ProcessGroup::role).toList();
    assertEquals(List.of("target", "forkserver"), roles);
  }

  @Test
  void killOfAnotherProcessIsNotASelfStop() {
    String t = "10 kill(11, SIGSTOP) = 0\n10 getpid() = 10\n".repeat(5);
    TraceReport r = analyze(t);
    assertEquals(Mode.UNKNOWN, r.mode());
  }
}
