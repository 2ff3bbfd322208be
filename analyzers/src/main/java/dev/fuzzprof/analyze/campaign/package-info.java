/**
 * The live-campaign model: per-core use, a process tree's CPU, busy, execs/s from counters,
 * statuses, baseline and efficiency, the findings of scaling-report and top. scaling-report, top,
 * snapshot replays (and later launch, scale, the exporter) all ask it.
 */
package dev.fuzzprof.analyze.campaign;
