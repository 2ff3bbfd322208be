package dev.fuzzprof.service.campaign;

import dev.fuzzprof.acquire.InstanceFiles;
import dev.fuzzprof.parse.perf.CpuSample;
import dev.fuzzprof.parse.sys.Machine;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * What a live scaling report needs, in one JSON file: the AFL files, two /proc readings (file
 * path relative to /proc -> text), the CPU topology files of /sys, and what was counted in the
 * kernel between the readings.
 *
 * @param format {@link #FORMAT}, or {@link #FORMAT_1} (no counts, no USER_HZ: they load too)
 * @param created epoch seconds when the first sample was taken
 * @param hz USER_HZ of the machine recorded (0 in format 1: then 100)
 * @param counted cases counted per fork-server pid between the readings (null in format 1)
 * @param countedSeconds the window they were counted over
 * @param cpuSamples CPU-clock samples over the window, alike ones merged (null: not taken)
 * @param machine the machine's inventory (OSHI), or null
 * @param notes what could not be recorded, and why (null in files before notes were kept)
 */
public record Snapshot(
    String format, long created, String source, double sampleSeconds,
    List<InstanceFiles> instances, Map<String, String> procFirst,
    Map<String, String> procSecond, Map<String, String> sysCpu, long hz,
    Map<Integer, Long> counted, double countedSeconds, List<CpuSample> cpuSamples,
    Machine machine, List<String> notes) {

  public static final String FORMAT = "fuzzprof-snapshot-2";
  public static final String FORMAT_1 = "fuzzprof-snapshot-1";

  /** Keys a newer fuzzprof added are skipped, so a newer snapshot still loads. */
  private static final ObjectMapper READER = new ObjectMapper()
      .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
          false);

  /** A snapshot file's text read back; empty when it is not JSON of this shape. */
  public static Optional<Snapshot> parse(String text) {
    try {
      return Optional.ofNullable(READER.readValue(text, Snapshot.class));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
