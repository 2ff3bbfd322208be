package dev.fuzzprof.analyze.launch;

import java.util.List;

/**
 * What a launch runs, in the order it starts them (the main instance first).
 *
 * @param engine {@code afl++}, {@code afl} or {@code libfuzzer}
 * @param version the afl-fuzz version, or empty for libFuzzer
 * @param directories what must exist before the first start (libFuzzer's corpus and crashes)
 * @param notes what the plan had to decide for the user (bindings changed, options ignored)
 */
public record LaunchPlan(
    String engine,
    String version,
    String outputDir,
    String mix,
    List<PlannedInstance> instances,
    List<String> directories,
    List<String> notes) {}
