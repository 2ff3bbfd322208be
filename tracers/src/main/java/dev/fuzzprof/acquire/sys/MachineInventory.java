package dev.fuzzprof.acquire.sys;

import dev.fuzzprof.parse.sys.Machine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.LogicalProcessor;
import oshi.hardware.CentralProcessor.ProcessorCache;
import oshi.hardware.HardwareAbstractionLayer;

/**
 * The machine's inventory through OSHI: processor, cores and their SMT siblings, caches, NUMA
 * nodes, memory. Any failure of OSHI (or of JNA under it) gives an empty result: never an
 * exception, and never a log line (OSHI's slf4j is bound to slf4j-nop).
 *
 * <p>Cost. The first inventory in a JVM takes ~0.45 s of CPU (OSHI loads JNA and runs lshw,
 * dmidecode, cpuid, id and uname to identify the processor): 0.57-0.74 s wall on the 2-core VM,
 * 1.1-1.8 s while fuzzers keep both cores busy; later ones ~40 ms. So it is
 * taken once per JVM and only when asked: a command calls {@link #prefetch()} when it starts
 * (returns at once, the inventory is taken on a daemon thread) and {@link #live()} where it
 * shows the figures.
 */
public final class MachineInventory {
  private static CompletableFuture<Optional<Machine>> inventory;

  private MachineInventory() {}

  /** The inventory, taken on the first call in this JVM (or by {@link #prefetch()}). */
  public static Optional<Machine> live() {
    return inventory(false).join();
  }

  /** Starts taking the inventory on a daemon thread, if nothing did yet; returns at once. */
  public static void prefetch() {
    inventory(true);
  }

  private static synchronized CompletableFuture<Optional<Machine>> inventory(boolean background) {
    if (inventory == null) {
      inventory = background
          ? CompletableFuture.supplyAsync(MachineInventory::query, task -> {
              Thread t = new Thread(task, "fuzzprof-machine-inventory");
              t.setDaemon(true);
              t.start();
            })
          : CompletableFuture.completedFuture(query());
    }
    return inventory;
  }

  /** Asks OSHI now, every time. */
  static Optional<Machine> query() {
    try {
      HardwareAbstractionLayer hw = new SystemInfo().getHardware();
      CentralProcessor cpu = hw.getProcessor();
      List<LogicalProcessor> logical = cpu.getLogicalProcessors();
      if (logical.isEmpty() || cpu.getLogicalProcessorCount() < 1) {
        return Optional.empty();
      }
      int nodes = (int) logical.stream().mapToInt(LogicalProcessor::getNumaNode).distinct()
          .count();
      return Optional.of(new Machine(
          cpu.getProcessorIdentifier().getName().strip(),
          cpu.getLogicalProcessorCount(),
          cpu.getPhysicalProcessorCount(),
          cpu.getPhysicalPackageCount(),
          siblings(logical),
          caches(cpu.getProcessorCaches(), cacheSizesInKib()),
          Math.max(1, nodes),
          hw.getMemory().getTotal()));
    } catch (RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  /** Logical CPUs grouped by the core (package, core number) they run on. */
  static List<List<Integer>> siblings(List<LogicalProcessor> logical) {
    Map<Long, List<Integer>> byCore = new TreeMap<>();
    for (LogicalProcessor lp : logical) {
      long core = ((long) lp.getPhysicalPackageNumber() << 32)
          | (lp.getPhysicalProcessorNumber() & 0xffffffffL);
      byCore.computeIfAbsent(core, k -> new ArrayList<>()).add(lp.getProcessorNumber());
    }
    List<List<Integer>> groups = new ArrayList<>();
    for (List<Integer> g : byCore.values()) {
      groups.add(g.stream().sorted().distinct().toList());
    }
    groups.sort(Comparator.comparing(g -> g.get(0)));
    return List.copyOf(groups);
  }

  /**
   * OSHI's caches as records, one per kind. {@code inKib}: OSHI 6.6.5 reads the kernel's
   * {@code cache/indexN/size} ("48K") as 48, because its unit parser
   * (ParseUtil.parseDecimalMemorySizeToBinary) only takes two-letter units; the kernel always
   * writes that file in KiB, so those sizes are multiplied here. MachineInventoryTest checks the
   * result against sysfs, so an OSHI that fixes it fails the test rather than pass 1024x.
   */
  static List<Machine.Cache> caches(List<ProcessorCache> caches, boolean inKib) {
    long unit = inKib ? 1024 : 1;
    return caches.stream()
        .map(c -> new Machine.Cache(c.getLevel(), c.getType().name().toLowerCase(Locale.ROOT),
            Integer.toUnsignedLong(c.getCacheSize()) * unit))
        .distinct()
        .sorted(Comparator.comparingInt(Machine.Cache::level).thenComparing(Machine.Cache::type))
        .toList();
  }

  /** Whether OSHI took the cache sizes from sysfs (Linux with cpu/cpuN/cache), not lscpu. */
  private static boolean cacheSizesInKib() {
    try {
      return System.getProperty("os.name", "").startsWith("Linux")
          && Files.isDirectory(Path.of("/sys/devices/system/cpu/cpu0/cache"));
    } catch (RuntimeException e) {
      return false;
    }
  }
}
