package dev.fuzzprof.parse.proc;

/**
 * The fields of /proc/PID/stat (or /proc/PID/task/TID/stat) fuzzprof uses. Times are USER_HZ
 * ticks; {@code childUtime}/{@code childStime} are the reaped children's.
 *
 * @param processor the CPU the task last ran on (field 39)
 */
public record PidStat(
    int pid, String comm, char state, int ppid, long utime, long stime, long childUtime,
    long childStime, long startTime, int processor) {

  public long cpuTicks() {
    return utime + stime;
  }
}
