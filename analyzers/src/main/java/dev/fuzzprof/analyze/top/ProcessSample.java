package dev.fuzzprof.analyze.top;

import dev.fuzzprof.parse.proc.PidStat;
import dev.fuzzprof.parse.proc.Schedstat;

/** One process of an instance's tree (afl-fuzz, its fork server, a target) at one moment. */
public record ProcessSample(int pid, PidStat stat, Schedstat schedstat) {}
