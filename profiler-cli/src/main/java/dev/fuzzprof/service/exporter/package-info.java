/**
 * The Prometheus exporter's service: {@code CampaignMetrics} maps campaign reports (the same
 * {@code CampaignReport} scaling-report and top show) to the Prometheus client's metric
 * snapshots, and {@code CampaignExporter} keeps one {@code TopSampler} per watched campaign and
 * refreshes them when Prometheus scrapes. Computes no figure of its own: a figure the exporter
 * needs and the model lacks goes into the model (analyzers). The exposition format and the HTTP
 * server are the official client library's.
 */
package dev.fuzzprof.service.exporter;
