package dev.fuzzprof.analyze.doctor;

import dev.fuzzprof.analyze.Finding;
import java.util.List;

/**
 * The box before a campaign.
 *
 * @param allowedCpus where this process (and so a campaign started like it) may run: its
 *     Cpus_allowed_list, within its cgroup's cpuset when there is one
 * @param cpuOrder the allowed CPUs in the order to give them to instances: one hardware
 *     thread of each core first, SMT siblings after
 * @param heldCpus allowed CPUs that a process other than the campaign's is bound to alone:
 *     AFL++'s own binding (without {@code -b}) treats them as taken; launch uses them last
 * @param checks one per check, findings or not
 * @param findings what to change, each with the command that would
 */
public record DoctorReport(List<Integer> allowedCpus, List<Integer> cpuOrder,
    List<Integer> heldCpus, List<Check> checks, List<Finding> findings) {}
