package dev.fuzzprof.acquire.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.parse.sys.BoxFacts;
import dev.fuzzprof.parse.sys.CgroupParser;
import dev.fuzzprof.parse.sys.LimitsParser;
import dev.fuzzprof.parse.sys.ResourceLimit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real reader on the recorded 4-CPU box (doctor/README.md says what it holds). */
class BoxFactsReaderTest {
  static final Path BOX = Path.of("src/test/resources/doctor/box4");

  static BoxFacts box(Optional<Path> out, Optional<Path> tmp) {
    return BoxFactsReader.read(new ProcFs(BOX.resolve("proc")), BOX.resolve("sys"), out, tmp);
  }

  @Test
  void readsEveryFactOfTheRecordedBox(@TempDir Path dir) throws Exception {
    BoxFacts f = box(Optional.of(dir.resolve("out/not/yet")), Optional.of(Path.of("/dev/shm")));
    assertTrue(f.corePattern().orElseThrow().startsWith("|/usr/share/apport/apport"));
    assertEquals(Map.of(0, "powersave", 1, "performance", 2, "performance", 3, "performance"),
        f.governors());
    assertEquals(List.of(0, 1, 2, 3), f.selfCpus());
    assertEquals(Optional.of(List.of(0, 1)), f.cgroupCpus());
    assertEquals(Optional.of("fs/cgroup/fuzz.slice/cpuset.cpus.effective"), f.cgroupFile());
    assertEquals(List.of(0, 1, 2, 3), f.topology().online());
    assertEquals(List.of(2, 3), f.topology().cpu(3).orElseThrow().siblings());
    assertEquals(new ResourceLimit(64, 4096), f.limits().get(LimitsParser.OPEN_FILES));
    assertEquals(6, f.mounts().size());
    assertEquals(Optional.of(dir.toRealPath().toString()), f.outputDir(),
        "the nearest existing parent of a dir not made yet");
    assertEquals(Optional.of(Path.of("/dev/shm").toRealPath().toString()), f.tmpDir());
  }

  @Test
  void pinnedProcessesLeaveOutKernelThreadsAndKeepState() {
    BoxFacts f = box(Optional.empty(), Optional.empty());
    assertEquals(List.of(4242, 4300, 4400, 4401, 4402),
        f.pinned().stream().map(BoxFacts.PinnedProcess::pid).toList(),
        "not 15 (kthreadd's child, empty cmdline), not 1 (0-3)");
    BoxFacts.PinnedProcess orphan = f.pinned().get(0);
    assertEquals('T', orphan.state());
    assertEquals(1, orphan.cpu());
    assertEquals("./target_persistent", orphan.cmdline());
    assertEquals("stress --cpu 1", f.pinned().get(1).cmdline());
    assertEquals(4401, f.pinned().get(4).ppid());
  }

  @Test
  void limitsOfTheProcessTheCampaignInheritsFrom() {
    BoxFacts parent = BoxFactsReader.read(new ProcFs(BOX.resolve("proc")), BOX.resolve("sys"),
        Optional.empty(), Optional.empty(), Optional.of(1));
    assertEquals("1/limits", parent.limitsFile());
    assertEquals(new ResourceLimit(1024, 4096), parent.limits().get(LimitsParser.OPEN_FILES));
    BoxFacts none = BoxFactsReader.read(new ProcFs(BOX.resolve("proc")), BOX.resolve("sys"),
        Optional.empty(), Optional.empty(), Optional.of(4300));
    assertEquals("self/limits", none.limitsFile(), "4300 has no limits file: this process's");
  }

  @Test
  void cpusetFilesTriedInOrder() {
    assertEquals(List.of("fs/cgroup/a/b/cpuset.cpus.effective",
        "fs/cgroup/unified/a/b/cpuset.cpus.effective",
        "fs/cgroup/cpuset/cpuset.effective_cpus"),
        BoxFactsReader.cpusetFiles(new CgroupParser.CgroupPaths(Optional.of("/a/b"),
            Optional.of("/"))));
  }
}
