package dev.fuzzprof.analyze.launch;

import java.util.List;
import java.util.Map;

/**
 * One process of a launch plan.
 *
 * @param role {@code main} (-M), {@code secondary} (-S) or {@code worker} (libFuzzer)
 * @param binding how it is held on its CPU: {@code afl-fuzz -b} or {@code taskset}
 * @param command the whole command line, from the fuzzer's path on
 * @param env what the plan sets for it on top of the launch's environment
 * @param options the options that make it differ from the others (the mix), for people
 * @param statsFile the file whose appearance says the instance started (fuzzer_stats, the log)
 */
public record PlannedInstance(
    String name,
    String role,
    int cpu,
    String binding,
    List<String> command,
    Map<String, String> env,
    List<String> options,
    String log,
    String statsFile,
    List<String> notes) {}
