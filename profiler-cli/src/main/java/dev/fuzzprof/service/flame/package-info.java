/**
 * {@code fuzzprof flame}: profile a process or a launched command (perf, or async-profiler for a
 * JVM), parse the stacks and analyze them. Returns the report and the stacks; the command writes
 * the flame graph and the collapsed file through the renderers.
 */
package dev.fuzzprof.service.flame;
