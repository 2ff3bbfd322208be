package dev.fuzzprof.parse.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DoctorParsersTest {
  private static final Path BOX = Path.of("src/test/resources/doctor/box4/proc/self");

  @Test
  void mountsKeepOrderAndUndoTheKernelsOctalEscapes() throws Exception {
    List<Mount> m = MountsParser.parse(Files.readString(BOX.resolve("mounts")));
    assertEquals(6, m.size());
    assertEquals(new Mount("/dev/vda", "/", "ext4"), m.get(2));
    assertEquals("/srv/fuzz ram", m.get(4).mountPoint());
    assertTrue(m.get(4).inMemory());
    assertEquals("a\tb\\c", MountsParser.unescape("a\\011b\\134c"));
    assertEquals("x\\9", MountsParser.unescape("x\\9"), "not an octal escape: kept");
    assertEquals(List.of(), MountsParser.parse("garbage\n\n"));
  }

  @Test
  void limitsByTheKernelsNamesWithUnlimitedAndLinesWithoutUnits() throws Exception {
    Map<String, ResourceLimit> l = LimitsParser.parse(Files.readString(BOX.resolve("limits")));
    assertEquals(new ResourceLimit(64, 4096), l.get(LimitsParser.OPEN_FILES));
    assertEquals(new ResourceLimit(96364, 96364), l.get(LimitsParser.PROCESSES));
    assertEquals(ResourceLimit.UNLIMITED, l.get("Max cpu time").soft());
    assertEquals(new ResourceLimit(0, 0), l.get("Max nice priority"), "no units column");
    assertEquals(16, l.size(), "every limit line, not the header");
  }

  @Test
  void cgroupV2AndAHybridHostsV1Cpuset() {
    assertEquals(new CgroupParser.CgroupPaths(Optional.of("/fuzz.slice"), Optional.empty()),
        CgroupParser.parse("0::/fuzz.slice\n"));
    // this VM's /proc/self/cgroup: v1 controllers beside an empty v2 line
    CgroupParser.CgroupPaths hybrid = CgroupParser.parse("9:name=systemd:/\n3:cpuset:/box\n"
        + "2:cpu,cpuacct:/\n0::/\n");
    assertEquals(Optional.of("/"), hybrid.unified());
    assertEquals(Optional.of("/box"), hybrid.v1Cpuset());
    assertEquals(Optional.empty(), CgroupParser.parse("").unified());
  }
}
