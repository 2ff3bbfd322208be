package dev.fuzzprof.parse.afl;

import java.util.List;
import java.util.Map;

/**
 * An instance's {@code fuzzer_setup}: the AFL_* environment and the command line afl-fuzz was
 * started with.
 */
public record FuzzerSetup(Map<String, String> environment, List<String> argv) {
  public FuzzerSetup {
    environment = Map.copyOf(environment);
    argv = List.copyOf(argv);
  }
}
