package dev.fuzzprof.acquire.afl;

/**
 * The text files of one AFL instance directory; null where a file is missing or unreadable.
 *
 * @param name the folder name (the -M/-S name, or {@code default})
 */
public record AflInstanceFiles(
    String name, String dir, String fuzzerStats, String plotData, String fuzzerSetup,
    String cmdline) {}
