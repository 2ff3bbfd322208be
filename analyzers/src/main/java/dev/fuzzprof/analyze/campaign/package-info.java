/**
 * The live-campaign model: per-core use, a process tree's CPU, busy, execs/s from counters,
 * statuses, baseline and efficiency, the findings of scaling-report and top. scaling-report, top,
 * snapshot replays (and later launch, scale, the exporter) all ask it. Like all of analyzers: no
 * files, processes, clocks (the time is an input) or terminals.
 */
package dev.fuzzprof.analyze.campaign;
