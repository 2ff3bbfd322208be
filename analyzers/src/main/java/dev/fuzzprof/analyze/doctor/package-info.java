/**
 * {@code fuzzprof doctor}: the box judged before a campaign from facts read elsewhere
 * ({@code BoxFacts}): core_pattern, governors, tmpfs, allowed CPUs, AFL_NO_AFFINITY with -b,
 * limits, processes pinned to one CPU, and the order to use the CPUs in. Pure, like all of
 * analyzers.
 */
package dev.fuzzprof.analyze.doctor;
