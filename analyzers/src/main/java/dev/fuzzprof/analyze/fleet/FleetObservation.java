package dev.fuzzprof.analyze.fleet;

import dev.fuzzprof.parse.prometheus.QueryResponseParser.Sample;
import java.util.List;

/**
 * What Prometheus says about the exporters' series at one moment, one list per instant query.
 * Every sample carries Prometheus's {@code instance} label (the exporter scraped, standing for a
 * host) and the exporter's {@code fuzzer} and {@code campaign}.
 *
 * @param time the evaluation time, Unix seconds
 * @param windowSeconds the range of the rate() queries
 * @param execRates {@code rate(fuzzprof_execs_total[window])}
 * @param up {@code fuzzprof_up}: one sample per instance the exporters know
 * @param lastUpdate {@code fuzzprof_last_update_timestamp_seconds}
 * @param boundCpu {@code fuzzprof_bound_cpu}, live instances only (-1: not bound to one CPU)
 * @param cpuRates {@code rate(fuzzprof_cpu_seconds_total[window])}, by process and cpu_mode
 * @param busyRates {@code rate(fuzzprof_cpu_busy_seconds_total[window])}, by cpu and cpu_mode:
 *     the CPUs the live instances may run on
 * @param findings {@code fuzzprof_finding}: the exporters' own findings, by id and severity
 */
public record FleetObservation(double time, double windowSeconds, List<Sample> execRates,
    List<Sample> up, List<Sample> lastUpdate, List<Sample> boundCpu, List<Sample> cpuRates,
    List<Sample> busyRates, List<Sample> findings) {}
