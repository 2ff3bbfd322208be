package dev.fuzzprof.service;

import dev.fuzzprof.acquire.afl.AflInstanceFiles;
import java.util.List;
import java.util.Map;

/**
 * What a live scaling report needs, in one JSON file: the AFL files and two /proc samples
 * (file path relative to /proc -> text), plus the CPU topology files of /sys.
 *
 * @param format {@link #FORMAT}; other values are refused
 * @param created epoch seconds when the first sample was taken
 */
public record Snapshot(
    String format, long created, String source, double sampleSeconds,
    List<AflInstanceFiles> instances, Map<String, String> procFirst,
    Map<String, String> procSecond, Map<String, String> sysCpu) {

  public static final String FORMAT = "fuzzprof-snapshot-1";
}
