package dev.fuzzprof.analyze.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.campaign.CampaignObservation.Instance;
import dev.fuzzprof.analyze.campaign.CampaignObservation.Process;
import dev.fuzzprof.analyze.campaign.CampaignReport.InstanceRow;
import dev.fuzzprof.parse.afl.AflCommandLineParser;
import dev.fuzzprof.parse.afl.FuzzerSetup;
import dev.fuzzprof.parse.afl.FuzzerStats;
import dev.fuzzprof.parse.afl.FuzzerStatsParser;
import dev.fuzzprof.parse.afl.PlotData;
import dev.fuzzprof.parse.afl.PlotDataParser;
import dev.fuzzprof.parse.perf.CpuSample;
import dev.fuzzprof.parse.proc.CpuTicks;
import dev.fuzzprof.parse.proc.PidStat;
import dev.fuzzprof.parse.proc.PidStatus;
import dev.fuzzprof.parse.proc.ProcStat;
import dev.fuzzprof.parse.proc.ProcessMoment;
import dev.fuzzprof.parse.proc.Schedstat;
import dev.fuzzprof.parse.sys.CpuTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The campaign analysis on observations built to the shape of real AFL++ 4.04c campaigns on a
 * 2-CPU machine: one test per situation a finding fires in, checking that its fix fits that
 * situation, and the figures (status, execs/s and its source, CPU of a tree with replaced
 * children) against arithmetic done here by hand.
 */
class CampaignAnalyzerTest {
  static final long NOW = 1_800_000_000L;
  static final double SECONDS = 5.0;

  // ---- builders -------------------------------------------------------------------------

  static PidStat stat(int pid, int ppid, String comm, char state, long u, long s, long cu,
      long cs, long start, int cpu) {
    return new PidStat(pid, comm, state, ppid, u, s, cu, cs, start, cpu);
  }

  static ProcessMoment moment(PidStat st, List<Integer> cpus, long runNs, long waitNs) {
    return new ProcessMoment(st, new PidStatus(st.comm(), st.state() + "", st.ppid(), 0, cpus,
        0, 0), new Schedstat(runNs, waitNs, 0));
  }

  /**
   * afl-fuzz (pid) and its fork server (pid+1) and persistent child (pid+2), bound to {@code cpu},
   * using {@code cpuTicks} ticks of the window (100 Hz) split {@code kernelShare} in the kernel.
   */
  static List<List<ProcessMoment>> tree(int pid, int cpu, long cpuTicks, double kernelShare,
      long waitNs) {
    long sys = Math.round(cpuTicks * kernelShare);
    long user = cpuTicks - sys;
    List<Integer> cpus = List.of(cpu);
    List<ProcessMoment> before = List.of(
        moment(stat(pid, 1, "afl-fuzz", 'S', 100, 100, 0, 0, 10, cpu), cpus, 0, 0),
        moment(stat(pid + 1, pid, "target", 'S', 10, 10, 0, 0, 11, cpu), cpus, 0, 0),
        moment(stat(pid + 2, pid + 1, "target", 'T', 50, 50, 0, 0, 12, cpu), cpus, 0, 0));
    List<ProcessMoment> after = List.of(
        moment(stat(pid, 1, "afl-fuzz", 'R', 100 + user / 4, 100 + sys / 4, 0, 0, 10, cpu), cpus,
            1, waitNs),
        moment(stat(pid + 1, pid, "target", 'S', 10, 10, 0, 0, 11, cpu), cpus, 0, 0),
        moment(stat(pid + 2, pid + 1, "target", 'R', 50 + user - user / 4,
            50 + sys - sys / 4, 0, 0, 12, cpu), cpus, 0, 0));
    return List.of(before, after);
  }

  static FuzzerStats stats(String name, String flag, int pid, long runTime, long lastUpdate,
      String extra) {
    return FuzzerStatsParser.parse("start_time : " + (NOW - runTime) + "\nlast_update : "
        + lastUpdate + "\nrun_time : " + runTime + "\nfuzzer_pid : " + pid
        + "\nexecs_done : " + runTime * 1000 + "\ntarget_mode : persistent shmem_testcase\n"
        + "command_line : afl-fuzz -i in -o /c/sync " + flag + " " + name + " -- ./t\n" + extra);
  }

  /** Rows every 5 s up to runTime, {@code rate} execs/s, an instantaneous column that lies. */
  static PlotData plot(long runTime, double rate) {
    StringBuilder sb = new StringBuilder("# relative_time, cycles_done, cur_item, corpus_count,"
        + " pending_total, pending_favs, map_size, saved_crashes, saved_hangs, max_depth,"
        + " execs_per_sec, total_execs, edges_found\n");
    for (long t = 60; t <= runTime; t += 5) {
      sb.append(t).append(", 1, 0, 5, 0, 0, 5.00%, 0, 0, 2, ").append(t % 10 == 0 ? 14 : 6465)
          .append(".00, ").append(Math.round(t * rate)).append(", 8\n");
    }
    return PlotDataParser.parse(sb.toString());
  }

  static Instance live(String name, String flag, int pid, int cpu, long cpuTicks,
      double kernelShare, double rate) {
    List<List<ProcessMoment>> t = tree(pid, cpu, cpuTicks, kernelShare, 0);
    FuzzerStats s = stats(name, flag, pid, 300, NOW - 20, "");
    return new Instance(name, "/c/sync/" + name, s, null, plot(300, rate),
        AflCommandLineParser.parse(s.commandLine()), null, pid, Process.LIVE, t.get(0),
        t.get(1), null, null);
  }

  static ProcStat procStat(long[][] perCpu) {
    List<CpuTicks> cpus = new ArrayList<>();
    long u = 0;
    long s = 0;
    long i = 0;
    for (int c = 0; c < perCpu.length; c++) {
      cpus.add(new CpuTicks(c, perCpu[c][0], 0, perCpu[c][1], perCpu[c][2], 0, 0, 0, 0));
      u += perCpu[c][0];
      s += perCpu[c][1];
      i += perCpu[c][2];
    }
    return new ProcStat(new CpuTicks(-1, u, 0, s, i, 0, 0, 0, 0), cpus, List.of());
  }

  static final ProcStat ZERO = procStat(new long[][] {{0, 0, 0}, {0, 0, 0}});

  static CampaignReport analyze(List<Instance> instances, ProcStat after,
      CampaignObservation.Baseline baseline, List<CpuSample> samples) {
    return CampaignAnalyzer.analyze(new CampaignObservation("/c/sync", instances, ZERO, after,
        SECONDS, 100, CpuTopology.flat(List.of(0, 1)), NOW, baseline, List.of(), samples, null,
        0));
  }

  static Finding finding(CampaignReport r, String id) {
    return r.findings().stream().filter(f -> f.id().equals(id)).findFirst().orElse(null);
  }

  static InstanceRow row(CampaignReport r, String name) {
    return r.instances().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
  }

  // ---- figures --------------------------------------------------------------------------

  @Test
  void totalsAreTheNewestCounterAndTheTreesCpuSoFar() {
    // fuzzer_stats says 300,000 execs (300 s x 1000); plot_data's last row, written later,
    // says 300 x 7000: the counters are the same in AFL++, the larger is the newer
    Instance i = live("s1", "-S", 100, 0, 480, 0.5, 7000);
    CampaignReport r = analyze(List.of(i), procStat(new long[][] {{250, 200, 50}, {10, 5, 485}}),
        null, null);
    InstanceRow s1 = row(r, "s1");
    assertEquals(2_100_000L, s1.totals().execs());
    assertEquals("/c/sync/s1", s1.dir());
    assertEquals(dev.fuzzprof.analyze.Engine.AFL, s1.engine());
    // afl-fuzz after: 100 + 240/4 user, 100 + 240/4 system; the target: fork server 10 + 10,
    // child 50 + 180 user and 50 + 180 system ticks, at 100 Hz
    CampaignReport.CpuSeconds c = s1.totals().cpu();
    assertEquals(1.6, c.fuzzerUser(), 1e-9);
    assertEquals(1.6, c.fuzzerSystem(), 1e-9);
    assertEquals(2.4, c.targetUser(), 1e-9);
    assertEquals(2.4, c.targetSystem(), 1e-9);
    assertEquals(new CampaignReport.CoreSeconds(0, 2.5, 2.0), r.coreSeconds().get(0));
    // a reaped fork server's time is in afl-fuzz's cutime: still the target's
    List<ProcessMoment> reaped = List.of(
        moment(stat(7, 1, "afl-fuzz", 'S', 30, 20, 400, 500, 10, 0), List.of(0), 0, 0));
    CampaignReport.CpuSeconds after = CpuTime.cumulative(reaped, 100);
    assertEquals(4.0, after.targetUser(), 1e-9);
    assertEquals(5.0, after.targetSystem(), 1e-9);
    assertEquals(0.3, after.fuzzerUser(), 1e-9);
  }

  @Test
  void execsFromPlotDataCountersNotTheInstantaneousColumn() {
    CampaignReport r = analyze(List.of(live("s1", "-S", 100, 0, 480, 0.5, 7000)),
        procStat(new long[][] {{240, 250, 10}, {0, 0, 500}}), null, null);
    InstanceRow s1 = row(r, "s1");
    assertEquals(7000, s1.execsPerSec(), 0.5);   // total_execs over the last 30 s of rows
    assertEquals(ExecsSource.PLOT_DATA, s1.execsSource());
    assertEquals(30.0, s1.execsSeconds());
    // rows spanning only 15 s (a campaign of 75 s): the whole span, at least 10 s
    ExecsRate young = ExecsRate.fromPlot(plot(75, 5000).points());
    assertEquals(15.0, young.seconds());
    assertEquals(5000, young.execsPerSec(), 0.5);
    assertNull(ExecsRate.fromPlot(plot(65, 5000).points()));   // 5 s of rows: not enough
    assertEquals(InstanceStatus.RUNNING, s1.status());
    assertEquals(1, r.cumulativeInstances());
  }

  @Test
  void aKernelCountOverTheSampleComesFirst() {
    Instance i = live("s1", "-S", 100, 0, 480, 0.5, 7000);
    Instance counted = new Instance(i.name(), i.dir(), i.stats(), null, i.plot(), i.args(), null,
        i.pid(), Process.LIVE, i.before(), i.after(), 36_000L, 5.0);
    InstanceRow r = row(analyze(List.of(counted), procStat(new long[][] {{240, 250, 10},
        {0, 0, 500}}), null, null), "s1");
    assertEquals(7200, r.execsPerSec(), 1e-9);
    assertEquals(ExecsSource.COUNTED, r.execsSource());
    assertEquals(5.0, r.execsSeconds());
  }

  @Test
  void treeCpuCountsAReplacedPersistentChild() {
    // the child 102 of the first reading was replaced by 103; 102's 300 ticks in the window
    // went to the fork server's cutime/cstime when it was reaped
    List<Integer> cpus = List.of(0);
    List<ProcessMoment> before = List.of(
        moment(stat(100, 1, "afl-fuzz", 'S', 100, 100, 0, 0, 10, 0), cpus, 0, 0),
        moment(stat(101, 100, "target", 'S', 10, 10, 0, 0, 11, 0), cpus, 0, 0),
        moment(stat(102, 101, "target", 'R', 50, 50, 0, 0, 12, 0), cpus, 0, 0));
    List<ProcessMoment> after = List.of(
        moment(stat(100, 1, "afl-fuzz", 'S', 110, 130, 0, 0, 10, 0), cpus, 0, 0),
        moment(stat(101, 100, "target", 'S', 10, 10, 150, 250, 11, 0), cpus, 0, 0),
        moment(stat(103, 101, "target", 'R', 20, 40, 0, 0, 40, 0), cpus, 0, 0));
    TreeCpu t = CpuTime.tree(before, after, SECONDS, 100);
    // afl-fuzz 10+30, reaped child (150+250)-(50+50) = 300, new child 60: 400 ticks of 500
    assertEquals(80.0, t.cpuPercent(), 1e-9);
    assertEquals(100.0 * (30 + 200 + 40) / 400, t.kernelPercent(), 0.1);
  }

  @Test
  void statusesOfTheFirstMinuteAFailedStartAContainerAndTheDead() {
    List<List<ProcessMoment>> t = tree(200, 1, 400, 0.5, 0);
    FuzzerStats young = stats("young", "-S", 200, 0, NOW - 10, "");
    Instance starting = new Instance("young", "/c/sync/young", young, null, null,
        AflCommandLineParser.parse(young.commandLine()), null, 200, Process.LIVE, t.get(0),
        t.get(1), 20_000L, 2.0);
    Instance never = new Instance("s3", "/c/sync/s3", null, null, null,
        AflCommandLineParser.parse("afl-fuzz -i in -o /c/sync -S s3 -- ./t"), null, null,
        Process.NONE, List.of(), List.of(), null, null);
    FuzzerStats fresh = stats("box", "-S", 999_999, 3000, NOW - 30, "");
    Instance elsewhere = new Instance("box", "/c/sync/box", fresh, null, null,
        AflCommandLineParser.parse(fresh.commandLine()), null, 999_999, Process.GONE, List.of(),
        List.of(), null, null);
    FuzzerStats old = stats("gone", "-S", 999_998, 3000, NOW - 3600, "");
    Instance gone = new Instance("gone", "/c/sync/gone", old, null, null,
        AflCommandLineParser.parse(old.commandLine()), null, 999_998, Process.GONE, List.of(),
        List.of(), null, null);
    CampaignReport r = analyze(List.of(live("main", "-M", 100, 0, 480, 0.5, 7000), starting,
        never, elsewhere, gone), procStat(new long[][] {{240, 250, 10}, {200, 200, 100}}), null,
        null);
    InstanceRow y = row(r, "young");
    assertEquals(InstanceStatus.STARTING, y.status());
    assertTrue(y.alive());
    assertEquals(10_000, y.execsPerSec(), 1e-9);        // 20,000 counted cases in 2 s
    assertEquals(ExecsSource.COUNTED, y.execsSource());
    assertEquals(InstanceStatus.NEVER_RAN, row(r, "s3").status());
    assertEquals(InstanceStatus.UNKNOWN, row(r, "box").status());
    assertEquals(InstanceStatus.DEAD, row(r, "gone").status());
    assertEquals(1, r.starting());
    assertEquals(1, r.neverRan());
    assertEquals(1, r.dead());
    assertEquals(2, r.cumulativeInstances());          // main and young: the live ones
  }

  @Test
  void kernelShareOfAnInstanceThatSharesItsCpusComesFromItsSamples() {
    List<CpuSample> samples = List.of(new CpuSample("target", 0, 0, true, 90),
        new CpuSample("target", 0, 0, false, 10), new CpuSample("afl-fuzz", 100, 0, true, 30),
        new CpuSample("afl-fuzz", 100, 0, false, 10), new CpuSample("make", 7, 0, false, 300));
    // two instances share CPU 0: its /proc/stat mixes them; per-task times say 30 % kernel
    CampaignReport r = analyze(List.of(live("main", "-M", 100, 0, 200, 0.3, 7000),
        live("s1", "-S", 300, 0, 200, 0.3, 7000)), procStat(new long[][] {{250, 250, 0},
            {0, 0, 500}}), null, samples);
    InstanceRow m = row(r, "main");
    assertEquals("perf", m.kernelSource());
    assertEquals(100.0 * 120 / 140, m.kernelPercent(), 0.1);
  }

  // ---- findings: each fix right for the case it fires in ---------------------------------

  @Test
  void collisionWithAFreeCpuSaysWhereToMoveAndIdleCoresGivesAWorkingCommand() {
    CampaignReport r = analyze(List.of(live("main", "-M", 100, 0, 240, 0.5, 4000),
        live("s1", "-S", 300, 0, 240, 0.5, 4000)), procStat(new long[][] {{240, 250, 10},
            {5, 5, 490}}), null, null);
    Finding c = finding(r, "affinity-collision");
    assertNotNull(c, r.findings().toString());
    assertTrue(c.fix().contains("taskset -cp 1 302") || c.fix().contains("taskset -cp 1 300"),
        c.fix());
    Finding idle = finding(r, "idle-cores");
    assertNotNull(idle);
    // a new name, the real -i (not -i-, which aborts for a new name), the -o of the campaign
    assertTrue(idle.fix().contains("-S s2 -i in -o /c/sync -- ./t"), idle.fix());
    assertTrue(idle.fix().contains("taskset -c 1"), idle.fix());
    assertNull(r.scalingEfficiency());                   // no -S has a CPU to itself
  }

  @Test
  void collisionOnAFullBoxDoesNotSendTheInstanceToATakenCpu() {
    CampaignReport r = analyze(List.of(live("main", "-M", 100, 0, 240, 0.5, 4000),
        live("s1", "-S", 300, 0, 240, 0.5, 4000), live("s2", "-S", 500, 1, 480, 0.5, 8000)),
        procStat(new long[][] {{240, 250, 10}, {240, 250, 10}}), null, null);
    Finding c = finding(r, "affinity-collision");
    assertTrue(c.fix().startsWith("Every CPU is taken"), c.fix());
    assertNull(finding(r, "idle-cores"));
  }

  @Test
  void failedStartUnderDefaultAffinityOnAFullBoxIsOversubscribed() {
    FuzzerSetup defaults = new FuzzerSetup(Map.of("AFL_NO_UI", "1"), List.of());
    List<Instance> in = new ArrayList<>(List.of(live("main", "-M", 100, 0, 480, 0.5, 7000),
        live("s1", "-S", 300, 1, 480, 0.5, 7000)));
    for (String n : List.of("s2", "s3")) {
      in.add(new Instance(n, "/c/sync/" + n, null, null, null,
          AflCommandLineParser.parse("afl-fuzz -i in -o /c/sync -S " + n + " -- ./t"), defaults,
          null, Process.NONE, List.of(), List.of(), null, null));
    }
    CampaignReport r = analyze(in, procStat(new long[][] {{240, 250, 10}, {240, 250, 10}}),
        null, null);
    List<Finding> failed = r.findings().stream().filter(f -> f.id().equals("failed-start"))
        .toList();
    assertEquals(2, failed.size());
    assertTrue(failed.get(0).message().contains("No more free CPU cores"), failed.get(0).message());
    Finding over = finding(r, "oversubscribed");
    assertNotNull(over, r.findings().toString());
    assertTrue(over.message().startsWith("4 instances want a CPU on 2"), over.message());
  }

  @Test
  void failedStartOfAResumeNamesTheResume() {
    Instance resumed = new Instance("s9", "/c/sync/s9", null, null, null,
        AflCommandLineParser.parse("afl-fuzz -i- -o /c/sync -S s9 -- ./t"),
        new FuzzerSetup(Map.of("AFL_NO_AFFINITY", "1"), List.of()), null, Process.NONE,
        List.of(), List.of(), null, null);
    CampaignReport r = analyze(List.of(live("main", "-M", 100, 0, 480, 0.5, 7000), resumed),
        procStat(new long[][] {{240, 250, 10}, {0, 0, 500}}), null, null);
    Finding f = finding(r, "failed-start");
    assertTrue(f.message().contains("-i-"), f.message());
    assertTrue(f.fix().contains("-i IN_DIR"), f.fix());
  }

  @Test
  void samplesSplitAnInstanceEvenWhenItHasItsCpuToItself() {
    // s2 alone on CPU 1, but other work (fuzzprof, a build) ran there too: CPU 1's /proc/stat
    // says 90 % system; s2's own samples say 120 of 140 are kernel: the samples win
    List<CpuSample> samples = List.of(new CpuSample("target", 0, 1, true, 90),
        new CpuSample("target", 0, 1, false, 10), new CpuSample("afl-fuzz", 500, 1, true, 30),
        new CpuSample("afl-fuzz", 500, 1, false, 10), new CpuSample("make", 7, 1, false, 60));
    CampaignReport r = analyze(List.of(live("s2", "-S", 500, 1, 480, 0.9, 1000)),
        procStat(new long[][] {{240, 250, 10}, {48, 432, 20}}), null, samples);
    assertEquals("perf", row(r, "s2").kernelSource());
    assertEquals(100.0 * 120 / 140, row(r, "s2").kernelPercent(), 0.1);
  }

  @Test
  void anEfficiencyOverLinearIsSuspectNotSuperlinear() {
    // s2 has CPU 1 to itself but runs a slower build: 1,000 execs/s; the collided ones 4,000
    CampaignReport r = analyze(List.of(live("main", "-M", 100, 0, 240, 0.5, 4000),
        live("s1", "-S", 300, 0, 240, 0.5, 4000), live("s2", "-S", 500, 1, 480, 0.9, 1000)),
        procStat(new long[][] {{240, 250, 10}, {48, 432, 20}}), null, null);
    assertEquals("estimate", r.baseline().source());
    assertEquals(1000, r.baseline().execsPerSec(), 0.5);
    assertEquals(3.0, r.scalingEfficiency(), 0.01);      // 9,000 / (3 x 1,000)
    Finding s = finding(r, "efficiency-suspect");
    assertNotNull(s, r.findings().toString());
    assertTrue(s.message().contains("faster than the baseline"), s.message());
    assertNull(finding(r, "scaling-below-linear"));
    // s2 is alone on CPU 1: its kernel share is CPU 1's (432 of 480 busy ticks), not its own
    assertEquals("cpu", row(r, "s2").kernelSource());
    assertEquals(90.0, row(r, "s2").kernelPercent(), 0.1);
  }

  @Test
  void belowLinearWithoutCollisionsOrKernelTimeDoesNotBlameThem() {
    CampaignReport r = analyze(List.of(live("main", "-M", 100, 0, 480, 0.1, 3000),
        live("s1", "-S", 300, 1, 480, 0.1, 7000)),
        procStat(new long[][] {{430, 50, 20}, {430, 50, 20}}),
        new CampaignObservation.Baseline(10_000, "given", "given"), null);
    Finding f = finding(r, "scaling-below-linear");
    assertNotNull(f, r.findings().toString());
    assertFalse(f.fix().contains("collision"), f.fix());
    assertFalse(f.fix().contains("kernel"), f.fix());
    assertTrue(f.fix().startsWith("Compare against a pinned single-instance run"), f.fix());
  }

  @Test
  void kernelHeavyAdviceFollowsWhatTheTargetAlreadyDoes() {
    CampaignReport shm = analyze(List.of(live("main", "-M", 100, 0, 480, 0.8, 7000)),
        procStat(new long[][] {{100, 380, 20}, {0, 0, 500}}), null, null);
    Finding k = finding(shm, "kernel-heavy");
    assertNotNull(k);
    assertFalse(k.fix().contains("put the harness body"), k.fix());
    assertTrue(k.fix().contains("already run persistent"), k.fix());

    Instance forkserver = live("fs", "-S", 100, 0, 480, 0.8, 3000);
    // a fork-server target: target_mode without "persistent", input by file
    FuzzerStats s = FuzzerStatsParser.parse("start_time : " + (NOW - 300) + "\nlast_update : " + (NOW - 20)
            + "\nrun_time : 300\nfuzzer_pid : 100\nexecs_done : 900000\ntarget_mode : default\n"
            + "command_line : afl-fuzz -i in -o /c/sync -S fs -- ./t @@\n");
    forkserver = new Instance("fs", forkserver.dir(), s, null, forkserver.plot(),
        AflCommandLineParser.parse(s.commandLine()), null, 100, Process.LIVE,
        forkserver.before(), forkserver.after(), null, null);
    Finding f = finding(analyze(List.of(forkserver), procStat(new long[][] {{100, 380, 20},
        {0, 0, 500}}), null, null), "kernel-heavy");
    assertTrue(f.fix().contains("__AFL_LOOP"), f.fix());
  }

  @Test
  void aStoppedAflFuzzIsNamed() {
    List<Integer> cpus = List.of(0);
    List<ProcessMoment> both = List.of(
        moment(stat(100, 1, "afl-fuzz", 'T', 100, 100, 0, 0, 10, 0), cpus, 0, 0),
        moment(stat(101, 100, "target", 'S', 10, 10, 0, 0, 11, 0), cpus, 0, 0),
        moment(stat(102, 101, "target", 'T', 50, 50, 0, 0, 12, 0), cpus, 0, 0));
    FuzzerStats s = stats("s1", "-S", 100, 300, NOW - 20, "");
    Instance i = new Instance("s1", "/c/sync/s1", s, null, plot(300, 7000),
        AflCommandLineParser.parse(s.commandLine()), null, 100, Process.LIVE, both, both, null,
        null);
    CampaignReport r = analyze(List.of(i), procStat(new long[][] {{0, 0, 500}, {0, 0, 500}}),
        null, null);
    Finding f = finding(r, "stopped");
    assertNotNull(f, r.findings().toString());
    assertEquals("Resume it: kill -CONT 100 (it was stopped by Ctrl-Z, kill -STOP or a"
        + " debugger).", f.fix());
  }
}
