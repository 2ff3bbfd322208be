/**
 * Reads /proc under a root of the caller's choosing (live, a fake tree, a replayed snapshot):
 * {@code ProcFs}, the fuzzer processes on it ({@code FuzzerProcesses}) and a campaign's tree from
 * one pid: which process is afl-fuzz, the fork server, the target ({@code ProcessRoles}). Files
 * are parsed by {@code dev.fuzzprof.parse.proc}; nothing here computes a rate or a share.
 */
package dev.fuzzprof.acquire.proc;
