/** Talking to a Prometheus server over its HTTP API; the answers are parsed in parse.prometheus. */
package dev.fuzzprof.acquire.prometheus;
