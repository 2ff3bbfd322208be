package dev.fuzzprof.parse.perf;

/**
 * One CPU-clock sample of {@code perf record -a}: which process ran on which CPU, and whether in
 * the kernel.
 *
 * @param pid the process (thread group) id
 * @param count how many samples were alike (1 as parsed; more once merged)
 */
public record CpuSample(String comm, int pid, int cpu, boolean kernel, long count) {

  /** Alike samples merged into one entry each: what a snapshot keeps. */
  public static java.util.List<CpuSample> merged(java.util.List<CpuSample> samples) {
    java.util.Map<CpuSample, Long> n = new java.util.LinkedHashMap<>();
    for (CpuSample s : samples) {
      n.merge(new CpuSample(s.comm, s.pid, s.cpu, s.kernel, 0), s.count, Long::sum);
    }
    return n.entrySet().stream().map(e -> new CpuSample(e.getKey().comm, e.getKey().pid,
        e.getKey().cpu, e.getKey().kernel, e.getValue())).toList();
  }
}
