package dev.fuzzprof.parse.sys;

/**
 * One line of /proc/PID/mounts: what is mounted where, as which file system type.
 *
 * @param mountPoint the directory, with the kernel's octal escapes ({@code \040}) undone
 */
public record Mount(String device, String mountPoint, String fsType) {

  /** True for a file system held in memory (a write costs no disk I/O). */
  public boolean inMemory() {
    return fsType.equals("tmpfs") || fsType.equals("ramfs");
  }
}
