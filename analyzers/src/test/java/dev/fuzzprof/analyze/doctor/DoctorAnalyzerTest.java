package dev.fuzzprof.analyze.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.analyze.Finding;
import dev.fuzzprof.analyze.Severity;
import dev.fuzzprof.parse.sys.BoxFacts;
import dev.fuzzprof.parse.sys.CpuTopology;
import dev.fuzzprof.parse.sys.LimitsParser;
import dev.fuzzprof.parse.sys.Mount;
import dev.fuzzprof.parse.sys.ResourceLimit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The judgement alone, on facts built here; BoxFactsReaderTest reads such facts from a tree. */
class DoctorAnalyzerTest {
  static final List<Mount> MOUNTS = List.of(new Mount("/dev/vda", "/", "ext4"),
      new Mount("tmpfs", "/dev/shm", "tmpfs"), new Mount("tmpfs", "/srv/fuzz", "tmpfs"),
      new Mount("/dev/vdb", "/srv/fuzz/disk", "xfs"));

  /** A plain 2-CPU VM like this one: nothing wrong, no cpufreq. */
  static BoxFacts plain(List<BoxFacts.PinnedProcess> pinned, long nofile, long nproc,
      Optional<String> out, Optional<String> tmp) {
    return new BoxFacts(Optional.of("core"), Map.of(), MOUNTS, out, tmp, List.of(0, 1),
        Optional.empty(), Optional.empty(), CpuTopology.flat(List.of(0, 1)),
        Map.of(LimitsParser.OPEN_FILES, new ResourceLimit(nofile, 4096),
            LimitsParser.PROCESSES, new ResourceLimit(nproc, nproc)), "self/limits", pinned);
  }

  static DoctorAnalyzer.Plan plan(int n, Map<String, String> env, boolean b, Set<Integer> own) {
    return new DoctorAnalyzer.Plan(n, Optional.of("/srv/fuzz/out"), env, b, own);
  }

  static List<String> ids(DoctorReport r) {
    return r.findings().stream().map(Finding::id).toList();
  }

  static Check check(DoctorReport r, String name) {
    return r.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aPlainBoxHasNoFindingsAndSaysWhatDoesNotApply() {
    DoctorReport r = DoctorAnalyzer.analyze(plain(List.of(), 1024, 4096,
        Optional.of("/srv/fuzz/out"), Optional.empty()), plan(2, Map.of(), false, Set.of()));
    assertEquals(List.of(), r.findings());
    assertEquals(Check.Status.NOT_APPLICABLE, check(r, "cpu frequency governor").status());
    assertEquals("no cpufreq on this machine", check(r, "cpu frequency governor").value());
    assertEquals(Check.Status.NOT_APPLICABLE, check(r, "AFL_NO_AFFINITY with -b").status());
    assertEquals(List.of(0, 1), r.allowedCpus());
    assertEquals(9, r.checks().size(), "one per check, findings or not");
  }

  @Test
  void theLongestMountPointPrefixDecides() {
    assertEquals("tmpfs", DoctorAnalyzer.mountOf("/srv/fuzz/out", MOUNTS).orElseThrow().fsType());
    assertEquals("xfs", DoctorAnalyzer.mountOf("/srv/fuzz/disk/o", MOUNTS).get().fsType());
    assertEquals("ext4", DoctorAnalyzer.mountOf("/srv/fuzzy", MOUNTS).get().fsType(),
        "a prefix of the name is not a parent directory");
    assertEquals("tmpfs", DoctorAnalyzer.mountOf("/srv/fuzz", MOUNTS).get().fsType());
  }

  @Test
  void curInputOnDiskOnlyWhereAflWritesIt() {
    DoctorReport onDisk = DoctorAnalyzer.analyze(plain(List.of(), 1024, 4096,
        Optional.of("/home/u/out"), Optional.empty()), plan(2, Map.of(), false, Set.of()));
    assertEquals(List.of("cur-input-on-disk"), ids(onDisk));
    assertTrue(onDisk.findings().get(0).fix().startsWith("export AFL_TMPDIR=/dev/shm"));
    DoctorReport tmpdir = DoctorAnalyzer.analyze(plain(List.of(), 1024, 4096,
        Optional.of("/home/u/out"), Optional.of("/dev/shm")),
        plan(2, Map.of("AFL_TMPDIR", "/dev/shm"), false, Set.of()));
    assertEquals(List.of(), ids(tmpdir), "the queue on disk is fine once .cur_input is not");
    DoctorReport badTmp = DoctorAnalyzer.analyze(plain(List.of(), 1024, 4096,
        Optional.of("/srv/fuzz/out"), Optional.of("/var/tmp")),
        plan(2, Map.of("AFL_TMPDIR", "/var/tmp"), false, Set.of()));
    assertEquals(List.of("cur-input-on-disk"), ids(badTmp));
    assertEquals(Check.Status.FINDING, check(badTmp, "AFL_TMPDIR on tmpfs").status());
  }

  @Test
  void noAffinityWithBindAbortsUnlessTryAffinity() {
    BoxFacts f = plain(List.of(), 1024, 4096, Optional.empty(), Optional.empty());
    DoctorReport both = DoctorAnalyzer.analyze(f,
        plan(2, Map.of("AFL_NO_AFFINITY", "1"), true, Set.of()));
    assertEquals(List.of("no-affinity-with-bind"), ids(both));
    assertTrue(both.findings().get(0).message().contains("mututally exclusive"),
        "AFL++'s own words, misspelt as it prints them");
    assertEquals(List.of(), ids(DoctorAnalyzer.analyze(f,
        plan(2, Map.of("AFL_NO_AFFINITY", "1", "AFL_TRY_AFFINITY", "1"), true, Set.of()))));
    assertEquals(List.of(), ids(DoctorAnalyzer.analyze(f,
        plan(2, Map.of("AFL_NO_AFFINITY", "1"), false, Set.of()))));
  }

  @Test
  void limitsPerProcessAndPerUser() {
    DoctorReport low = DoctorAnalyzer.analyze(plain(List.of(), 64, 100, Optional.empty(),
        Optional.empty()), plan(10, Map.of(), false, Set.of()));
    assertTrue(ids(low).containsAll(List.of("low-nofile-limit", "low-nproc-limit")));
    Finding nproc = low.findings().stream().filter(f -> f.id().equals("low-nproc-limit"))
        .findFirst().orElseThrow();
    assertTrue(nproc.message().contains("about 104"), "10 x 4 + 64: " + nproc.message());
    assertEquals("ulimit -n 4096   (in the shell that starts afl-fuzz; the hard limit is 4096)",
        low.findings().stream().filter(f -> f.id().equals("low-nofile-limit")).findFirst()
            .orElseThrow().fix());
    DoctorReport enough = DoctorAnalyzer.analyze(plain(List.of(), 256, 104, Optional.empty(),
        Optional.empty()), plan(10, Map.of(), false, Set.of()));
    assertEquals(List.of("oversubscribed"), ids(enough), "10 instances on 2 CPUs, limits ok");
  }

  @Test
  void pinnedProcessesOfTheCampaignAndItsTargetsAreExpected() {
    List<BoxFacts.PinnedProcess> pinned = List.of(
        new BoxFacts.PinnedProcess(10, 1, "afl-fuzz", 'S', 0, "afl-fuzz -o out -- ./t"),
        new BoxFacts.PinnedProcess(11, 10, "t", 'S', 0, "./t"),
        new BoxFacts.PinnedProcess(12, 11, "t", 't', 0, "./t"),
        new BoxFacts.PinnedProcess(20, 1, "t", 'T', 1, "./t"));
    BoxFacts f = plain(pinned, 1024, 4096, Optional.empty(), Optional.empty());
    DoctorReport r = DoctorAnalyzer.analyze(f, plan(2, Map.of(), false, Set.of(10)));
    assertEquals(List.of("pinned-process"), ids(r));
    Finding orphan = r.findings().get(0);
    assertEquals("kill -CONT 20; kill 20", orphan.fix());
    assertEquals(Severity.HIGH, orphan.severity());
    assertTrue(orphan.message().contains("No more free CPU cores"), orphan.message());
    DoctorReport none = DoctorAnalyzer.analyze(f, plan(2, Map.of(), false, Set.of()));
    assertEquals(4, none.findings().size(), "no own pids: every pinned process is a stranger");
    assertEquals("taskset -cp 0-1 10", none.findings().get(0).fix());
    DoctorReport bound = DoctorAnalyzer.analyze(f, plan(2, Map.of(), true, Set.of(10)));
    assertEquals(Severity.LOW, bound.findings().get(0).severity(),
        "with -b nothing scans, and a stopped process takes no CPU time");
    assertEquals("kill -CONT 20; kill 20", bound.findings().get(0).fix());
  }
}
