/**
 * {@code fuzzprof fleet}'s service: asks a Prometheus server for the exporters' series
 * (acquire.prometheus), hands them to the fleet analysis (analyze.fleet) and returns the report.
 */
package dev.fuzzprof.service.fleet;
