/** Prometheus HTTP API answers as records (pure: text in, records out). */
package dev.fuzzprof.parse.prometheus;
