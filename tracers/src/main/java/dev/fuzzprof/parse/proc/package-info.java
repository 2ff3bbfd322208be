/**
 * Pure parsers of /proc files into records ({@code PidStat}, {@code PidStatus}, {@code ProcStat},
 * ...) and the one record of a process at a moment ({@code ProcessMoment}). No files: {@code
 * acquire.proc.ProcFs} reads them.
 */
package dev.fuzzprof.parse.proc;
