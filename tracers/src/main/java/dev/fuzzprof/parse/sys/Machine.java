package dev.fuzzprof.parse.sys;

import java.util.List;

/**
 * What the machine has: the inventory a report shows beside its figures. A plain record so that
 * it serializes as it is (Jackson reads and writes records through their accessors).
 *
 * @param cpuModel the processor's name, e.g. {@code AMD EPYC 7B13}
 * @param logicalCpus hardware threads the OS sees
 * @param physicalCores cores, each with one or more hardware threads
 * @param packages sockets
 * @param smtSiblings the logical CPUs of each core (the SMT siblings sharing it), each list
 *     ascending, the lists by their first CPU
 * @param caches the kinds of cache, by level then type (one entry per kind, not per instance)
 * @param numaNodes memory nodes, at least 1
 * @param memoryBytes physical memory the kernel manages (MemTotal)
 */
public record Machine(
    String cpuModel, int logicalCpus, int physicalCores, int packages,
    List<List<Integer>> smtSiblings, List<Cache> caches, int numaNodes, long memoryBytes) {

  public Machine {
    smtSiblings = smtSiblings.stream().map(List::copyOf).toList();
    caches = List.copyOf(caches);
  }

  /**
   * One kind of cache.
   *
   * @param type {@code unified}, {@code data}, {@code instruction} or {@code trace}
   */
  public record Cache(int level, String type, long sizeBytes) {}
}
