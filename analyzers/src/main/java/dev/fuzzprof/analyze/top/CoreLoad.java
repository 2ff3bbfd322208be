package dev.fuzzprof.analyze.top;

/**
 * One core over an interval, in percent of its time.
 *
 * @param idle whether the core did (almost) nothing: a core fuzzing could use
 */
public record CoreLoad(int cpu, double userPct, double kernelPct, double idlePct, boolean idle) {

  public double busyPct() {
    return userPct + kernelPct;
  }
}
