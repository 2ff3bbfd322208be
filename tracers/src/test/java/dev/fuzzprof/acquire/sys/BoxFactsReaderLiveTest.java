package dev.fuzzprof.acquire.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.parse.proc.CpuListParser;
import dev.fuzzprof.parse.sys.BoxFacts;
import dev.fuzzprof.parse.sys.LimitsParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The reader on this machine's /proc and /sys, against what the usual tools say. */
@Tag("live")
@EnabledOnOs(OS.LINUX)
class BoxFactsReaderLiveTest {

  private static String run(String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    return out.strip();
  }

  @Test
  void agreesWithTasksetNprocAndTheFilesThemselves() throws Exception {
    BoxFacts f = BoxFactsReader.live(Optional.of(Path.of("/tmp")), Optional.empty());
    long pid = ProcessHandle.current().pid();
    // "pid 123's current affinity list: 0,1"
    String taskset = run("taskset", "-cp", Long.toString(pid));
    List<Integer> tasksetCpus = CpuListParser.parse(
        taskset.substring(taskset.lastIndexOf(':') + 1)).orElseThrow();
    assertEquals(tasksetCpus, f.selfCpus());
    assertEquals(Integer.parseInt(run("nproc")), f.selfCpus().size());
    f.cgroupCpus().ifPresent(cg -> assertTrue(cg.containsAll(f.selfCpus()),
        "the kernel keeps affinity inside the cpuset: " + cg + " " + f.selfCpus()));

    assertEquals(Files.readString(Path.of("/proc/sys/kernel/core_pattern")).strip(),
        f.corePattern().orElseThrow());
    boolean cpufreq = Files.exists(
        Path.of("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor"));
    assertEquals(cpufreq, !f.governors().isEmpty());

    long ulimitN = Long.parseLong(run("sh", "-c", "ulimit -n"));
    // the JVM may raise its own soft limit to the hard one at start (MaxFDLimit): not below
    assertTrue(f.limits().get(LimitsParser.OPEN_FILES).soft() >= ulimitN);
    assertTrue(f.limits().containsKey(LimitsParser.PROCESSES));
    assertTrue(f.mounts().stream().anyMatch(m -> m.mountPoint().equals("/")));
    assertTrue(f.outputDir().isPresent());

    for (BoxFacts.PinnedProcess p : f.pinned()) {
      assertTrue(p.pid() != pid, "the reader leaves itself out");
      assertTrue(p.ppid() != BoxFactsReader.KTHREADD && !p.cmdline().isEmpty());
      assertTrue(f.topology().online().contains(p.cpu()), p.toString());
    }
  }
}
