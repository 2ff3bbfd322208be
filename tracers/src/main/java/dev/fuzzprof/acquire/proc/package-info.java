/**
 * Reads /proc under a root of the caller's choosing (live, a fake tree, a replayed snapshot):
 * {@code ProcFs}, the fuzzer processes on it ({@code FuzzerProcesses}) and a campaign's tree from
 * one pid ({@code ProcessTree}).
 */
package dev.fuzzprof.acquire.proc;
