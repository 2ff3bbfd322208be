package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fuzzprof doctor} on the recorded 4-CPU box (tracers' doctor/README.md) and live. */
class DoctorCommandTest {
  static final Path BOX = Repo.root().resolve("tracers/src/test/resources/doctor/box4");

  static CliRun onBox(String... args) {
    List<String> a = new ArrayList<>(List.of("doctor", "--proc-root",
        BOX.resolve("proc").toString(), "--sys-root", BOX.resolve("sys").toString(),
        "--env", "AFL_TMPDIR=", "--env", "AFL_NO_AFFINITY=", "--env", "AFL_TRY_AFFINITY=",
        "--env", "AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES="));
    a.addAll(List.of(args));
    return CliRun.of(a.toArray(String[]::new));
  }

  @Test
  void everyCheckOfTheRecordedBoxFindsWhatItHolds(@TempDir Path t) throws Exception {
    CliRun r = onBox("-n", "3", "-o", t.resolve("out").toString(), "--bind",
        "--env", "AFL_NO_AFFINITY=1", "--format", "json");
    assertEquals(0, r.code(), "a report, findings or not: " + r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals("[0,1]", j.get("allowedCpus").toString(), "0-3 within the cpuset 0-1");
    assertEquals("[0,1]", j.get("cpuOrder").toString());
    List<String> ids = new ArrayList<>();
    j.get("findings").forEach(f -> ids.add(f.get("id").asText()));
    assertEquals(List.of("core-pattern-pipe", "cpufreq-governor", "cur-input-on-disk",
        "oversubscribed", "no-affinity-with-bind", "low-nofile-limit", "pinned-process",
        "pinned-process", "pinned-process", "pinned-process", "pinned-process"), ids,
        "not the kernel thread on CPU 1; the campaign's own would be left out with its pids");
    String fixes = j.get("findings").toString();
    assertTrue(fixes.contains("echo core | sudo tee /proc/sys/kernel/core_pattern"));
    assertTrue(fixes.contains("kill -CONT 4242; kill 4242"), "the stopped orphan on CPU 1");
    assertTrue(fixes.contains("taskset -cp 0-1 4300"));
    assertTrue(fixes.contains("cpu$c/cpufreq/scaling_governor"));
    // cpu0 powersave is used, cpu1 performance; cpu2-3 are outside the cpuset
    assertTrue(j.get("findings").get(1).get("message").asText().startsWith("CPU 0 of"));
    assertEquals(JsonKeysTest.golden("doctor.keys", "."), String.join(",",
        JsonKeysTest.keys(j)));
    assertEquals(JsonKeysTest.golden("doctor.keys", ".checks[]"), String.join(",",
        JsonKeysTest.keys(j.get("checks").get(0))));
    assertEquals(JsonKeysTest.golden("doctor.keys", ".findings[]"), String.join(",",
        JsonKeysTest.keys(j.get("findings").get(0))));
  }

  @Test
  void textIsALinePerCheckThenFindingsWithFixes() {
    CliRun r = onBox("-n", "2", "--env", "AFL_TMPDIR=/dev/shm");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("allowed CPUs: 0-1   order to use: 0,1"), r.out());
    assertTrue(r.out().contains("AFL_TMPDIR on tmpfs"), r.out());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("AFL_TMPDIR on tmpfs")
        && l.contains(" ok ") && l.contains("tmpfs on /dev/shm")), r.out());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("output dir on tmpfs")
        && l.contains("not applicable")), r.out());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("AFL_NO_AFFINITY with -b")
        && l.contains("not applicable")), r.out());
    assertTrue(r.out().contains("\nfindings:\n"), r.out());
    assertTrue(r.out().contains("  fix: kill -CONT 4242; kill 4242"), r.out());
  }

  @Test
  void badOptionsAreOneLineAndExit2() {
    CliRun r = CliRun.of("doctor", "-n", "many");
    assertEquals(2, r.code());
    assertTrue(r.oneCleanErrorLine(), r.err());
    CliRun neg = CliRun.of("doctor", "-n", "-3");
    assertEquals(2, neg.code(), neg.err());
    assertTrue(neg.oneCleanErrorLine(), neg.err());
    CliRun html = CliRun.of("doctor", "--format", "html");
    assertEquals(2, html.code());
    assertTrue(html.oneCleanErrorLine(), html.err());
  }

  @Test
  void helpTeachesEveryCheck() {
    CliRun r = CliRun.of("doctor", "--help");
    assertEquals(0, r.code());
    for (String id : List.of("core-pattern-pipe", "cpufreq-governor", "cur-input-on-disk",
        "oversubscribed", "no-affinity-with-bind", "low-nofile-limit", "low-nproc-limit",
        "pinned-process")) {
      assertTrue(r.out().contains(id), id + " in --help: " + r.out());
    }
    assertTrue(!r.out().contains("--proc-root"), "the recorded-tree options stay hidden");
  }

  @Test
  @Tag("live")
  void liveOnThisMachineAllowsWhatTasksetSays(@TempDir Path t) throws Exception {
    CliRun r = CliRun.of("doctor", "-o", t.toString(), "--format", "json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    List<Integer> allowed = new ArrayList<>();
    j.get("allowedCpus").forEach(c -> allowed.add(c.asInt()));
    String status = Files.readString(Path.of("/proc/self/status"));
    String list = status.lines().filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst()
        .orElseThrow().split(":")[1].strip();
    assertEquals(dev.fuzzprof.parse.proc.CpuListParser.parse(list).orElseThrow(), allowed);
    assertEquals(allowed.size(), j.get("cpuOrder").size());
    assertEquals(9, j.get("checks").size());
  }
}
