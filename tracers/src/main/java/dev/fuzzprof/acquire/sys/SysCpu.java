package dev.fuzzprof.acquire.sys;

import dev.fuzzprof.parse.proc.CpuListParser;
import dev.fuzzprof.parse.sys.CpuTopology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * CPU topology from {@code /sys/devices/system/cpu} under a root of the caller's choosing:
 * {@code online}, and per CPU {@code topology/thread_siblings_list}, {@code core_id},
 * {@code physical_package_id}.
 */
public final class SysCpu {
  private final Path root;
  private final BiConsumer<String, String> recorder;

  /** @param root the directory that plays /sys/devices/system/cpu */
  public SysCpu(Path root) {
    this(root, (p, t) -> { });
  }

  private SysCpu(Path root, BiConsumer<String, String> recorder) {
    this.root = root;
    this.recorder = recorder;
  }

  public static SysCpu live() {
    return new SysCpu(Path.of("/sys/devices/system/cpu"));
  }

  public SysCpu recording(BiConsumer<String, String> recorder) {
    return new SysCpu(root, recorder);
  }

  /** Empty when {@code online} cannot be read. */
  public Optional<CpuTopology> topology() {
    Optional<List<Integer>> online = read("online").flatMap(CpuListParser::parse);
    if (online.isEmpty() || online.get().isEmpty()) {
      return Optional.empty();
    }
    List<CpuTopology.Cpu> cpus = new ArrayList<>();
    for (int c : online.get()) {
      String dir = "cpu" + c + "/topology/";
      List<Integer> sib = read(dir + "thread_siblings_list").flatMap(CpuListParser::parse)
          .filter(l -> !l.isEmpty()).orElse(List.of(c));
      int core = read(dir + "core_id").map(SysCpu::number).orElse(c);
      int pkg = read(dir + "physical_package_id").map(SysCpu::number).orElse(0);
      cpus.add(new CpuTopology.Cpu(c, core, pkg, sib));
    }
    return Optional.of(new CpuTopology(List.copyOf(cpus)));
  }

  private Optional<String> read(String relative) {
    try {
      String t = Files.readString(root.resolve(relative), StandardCharsets.ISO_8859_1);
      recorder.accept(relative, t);
      return Optional.of(t);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static int number(String t) {
    try {
      return Integer.parseInt(t.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
