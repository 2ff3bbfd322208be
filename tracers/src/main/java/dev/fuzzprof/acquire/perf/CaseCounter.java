package dev.fuzzprof.acquire.perf;

import dev.fuzzprof.acquire.perf.PerfStatCounter.Event;
import dev.fuzzprof.acquire.perf.PerfStatCounter.Scope;
import dev.fuzzprof.parse.perf.PerfStatCsvParser.PerfCount;
import dev.fuzzprof.problem.FuzzprofException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the cases of AFL fork servers in the kernel, across every child they start: the fork
 * server sends its persistent child one SIGCONT per case and forks a new child for every case in
 * fork-server mode (and every N cases under {@code __AFL_LOOP(N)}), and the child's first case
 * after a fork needs no SIGCONT. So cases = SIGCONTs sent by the fork server + its forks, however
 * often AFL++ replaces the child. Both tracepoints fire once per case; counted CPU-wide with a
 * filter on the fork server's pid they cost the target nothing measurable (bench/attach-overhead.sh).
 * A reaped child's context switches are kept nowhere in /proc, so this is the count that follows
 * replaced children.
 */
public final class CaseCounter implements AutoCloseable {
  /** Each fork server costs two filtered events on every CPU: keep the fd count sane. */
  public static final int MAX_SERVERS = 32;

  static final int SIGCONT = 18;

  private final List<Integer> servers;
  private final PerfStatCounter perf;

  private CaseCounter(List<Integer> servers, PerfStatCounter perf) {
    this.servers = servers;
    this.perf = perf;
  }

  /** The two events that count one fork server's cases. */
  public static List<Event> events(int forkServer) {
    return List.of(
        new Event("signal:signal_generate", "sig == " + SIGCONT + " && common_pid == "
            + forkServer),
        new Event("sched:sched_process_fork", "parent_pid == " + forkServer));
  }

  /** Starts counting (returns once perf counts); at most {@link #MAX_SERVERS} servers. */
  public static CaseCounter start(List<Integer> forkServers, double maxSeconds) {
    if (forkServers.isEmpty()) {
      throw FuzzprofException.data("no fork server to count");
    }
    List<Integer> servers = List.copyOf(forkServers.subList(0,
        Math.min(MAX_SERVERS, forkServers.size())));
    List<Event> events = new ArrayList<>();
    for (int s : servers) {
      events.addAll(events(s));
    }
    return new CaseCounter(servers, PerfStatCounter.start(events, Scope.ALL_FILTERED, null,
        maxSeconds));
  }

  /** The servers counted (the first {@link #MAX_SERVERS} of those given). */
  public List<Integer> servers() {
    return servers;
  }

  /**
   * What was counted.
   *
   * @param cases per fork server pid; a server whose events perf could not count is absent
   * @param seconds the window, between perf's acknowledgements of enable and disable
   */
  public record Counts(Map<Integer, Long> cases, double seconds) {}

  /** Stops and returns the counts. */
  public Counts stop() {
    List<PerfCount> counts = perf.stop();
    Map<Integer, Long> out = new LinkedHashMap<>();
    if (counts.size() == 2 * servers.size()) {
      for (int i = 0; i < servers.size(); i++) {
        PerfCount cont = counts.get(2 * i);
        PerfCount fork = counts.get(2 * i + 1);
        if (cont.counted() && fork.counted()) {
          out.put(servers.get(i), cont.value() + fork.value());
        }
      }
    }
    return new Counts(out, perf.seconds());
  }

  /** Seconds counted so far (or in all, once stopped). */
  public double seconds() {
    return perf.seconds();
  }

  @Override
  public void close() {
    perf.close();
  }
}
