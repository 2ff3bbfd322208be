package dev.fuzzprof.acquire.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fuzzprof.parse.sys.CpuTopology;
import dev.fuzzprof.parse.sys.Machine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import oshi.hardware.CentralProcessor.LogicalProcessor;
import oshi.hardware.CentralProcessor.ProcessorCache;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Nothing else in the tracers tests takes the inventory, so the first test here sees none. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MachineInventoryTest {

  @Test
  void siblingsGroupByPackageAndCore() {
    // 2 packages x 2 cores x 2 threads, numbered as Linux often does: thread pairs far apart
    List<LogicalProcessor> lps = List.of(
        new LogicalProcessor(0, 0, 0), new LogicalProcessor(1, 1, 0),
        new LogicalProcessor(2, 0, 1), new LogicalProcessor(3, 1, 1),
        new LogicalProcessor(4, 0, 0), new LogicalProcessor(5, 1, 0),
        new LogicalProcessor(6, 0, 1), new LogicalProcessor(7, 1, 1));
    assertEquals(List.of(List.of(0, 4), List.of(1, 5), List.of(2, 6), List.of(3, 7)),
        MachineInventory.siblings(lps));
  }

  @Test
  void cachesOnePerKindInBytes() {
    List<ProcessorCache> oshi = List.of(
        new ProcessorCache(1, 12, 64, 48L, ProcessorCache.Type.DATA),
        new ProcessorCache(1, 8, 64, 32L, ProcessorCache.Type.INSTRUCTION),
        new ProcessorCache(3, 16, 64, 32768L, ProcessorCache.Type.UNIFIED));
    assertEquals(List.of(new Machine.Cache(1, "data", 48 << 10),
            new Machine.Cache(1, "instruction", 32 << 10),
            new Machine.Cache(3, "unified", 32L << 20)),
        MachineInventory.caches(oshi, true));
    assertEquals(48, MachineInventory.caches(oshi, false).get(0).sizeBytes());
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void liveAgainstTheKernel() throws Exception {
    Machine m = MachineInventory.live().orElseThrow();
    assertEquals(Integer.parseInt(run("nproc")), m.logicalCpus());
    CpuTopology topo = SysCpu.live().topology().orElseThrow();
    assertEquals(topo.online().size(), m.logicalCpus());
    assertTrue(m.physicalCores() >= 1 && m.physicalCores() <= m.logicalCpus(), m.toString());
    assertTrue(m.packages() >= 1 && m.packages() <= m.physicalCores(), m.toString());
    assertTrue(!m.cpuModel().isBlank());

    // every online CPU in exactly one group, and each group is the kernel's sibling list
    List<Integer> all = new ArrayList<>();
    m.smtSiblings().forEach(all::addAll);
    assertEquals(topo.online(), all.stream().sorted().toList());
    assertEquals(all.size(), new HashSet<>(all).size());
    for (List<Integer> group : m.smtSiblings()) {
      for (int cpu : group) {
        assertEquals(group, topo.cpu(cpu).orElseThrow().siblings(), "siblings of cpu " + cpu);
      }
    }
    assertEquals(m.smtSiblings().size(), m.physicalCores());

    long memTotal = 0;
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        memTotal = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    assertTrue(Math.abs(m.memoryBytes() - memTotal) <= memTotal / 100,
        m.memoryBytes() + " vs MemTotal " + memTotal);

    Path nodes = Path.of("/sys/devices/system/node");
    if (Files.isDirectory(nodes)) {
      assertEquals(entries(nodes, "node\\d+").size(), m.numaNodes());
    }
    assertEquals(sysfsCaches(), new TreeSet<>(m.caches().stream().map(Object::toString).toList()));
  }

  @Test
  @Order(1)
  @EnabledOnOs(OS.LINUX)
  void prefetchDoesNotWait() {
    long t0 = System.nanoTime();
    MachineInventory.prefetch();
    long prefetch = System.nanoTime() - t0;
    Optional<Machine> first = MachineInventory.live();
    long inventory = System.nanoTime() - t0;
    assertTrue(first.isPresent());
    // the first query takes ~0.5 s of CPU (OSHI runs lshw, dmidecode, cpuid); prefetch only
    // starts it, however loaded the machine
    assertTrue(prefetch * 4 < inventory, "prefetch " + prefetch / 1_000_000 + " ms of "
        + inventory / 1_000_000 + " ms");
    assertEquals(MachineInventory.query(), MachineInventory.live());
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void jacksonRoundTrip() throws Exception {
    Machine m = MachineInventory.live().orElseThrow();
    ObjectMapper json = new ObjectMapper();
    String text = json.writeValueAsString(m);
    assertTrue(text.contains("\"smtSiblings\":[["), text);
    assertTrue(text.contains("\"sizeBytes\":"), text);
    assertEquals(m, json.readValue(text, Machine.class));
  }

  /** The kinds of cache of every CPU, from cpuN/cache/indexM/{level,type,size}, as Cache texts. */
  private static Set<String> sysfsCaches() throws IOException {
    Set<String> out = new TreeSet<>();
    Path cpus = Path.of("/sys/devices/system/cpu");
    for (Path cpu : entries(cpus, "cpu\\d+")) {
      Path cache = cpu.resolve("cache");
      if (!Files.isDirectory(cache)) {
        continue;
      }
      for (Path index : entries(cache, "index\\d+")) {
        int level = Integer.parseInt(Files.readString(index.resolve("level")).strip());
        String type = Files.readString(index.resolve("type")).strip().toLowerCase(Locale.ROOT);
        String size = Files.readString(index.resolve("size")).strip();
        assertTrue(size.endsWith("K"), size);
        long bytes = Long.parseLong(size.substring(0, size.length() - 1)) * 1024;
        out.add(new Machine.Cache(level, type, bytes).toString());
      }
    }
    return out;
  }

  private static List<Path> entries(Path dir, String nameRegex) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (p.getFileName().toString().matches(nameRegex)) {
          out.add(p);
        }
      }
    }
    return out;
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C");
    pb.environment().remove("OMP_NUM_THREADS"); // nproc honours these
    pb.environment().remove("OMP_THREAD_LIMIT");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor(), out);
    return out;
  }
}
