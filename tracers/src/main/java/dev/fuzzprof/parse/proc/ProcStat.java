package dev.fuzzprof.parse.proc;

import java.util.List;

/** What /proc/stat says about the CPUs: the machine-wide line and one per online CPU. */
public record ProcStat(CpuTicks all, List<CpuTicks> perCpu, List<String> warnings) {}
