package dev.fuzzprof.analyze;

import java.util.Locale;

/** Which fuzzer runs an instance: its words are the JSON values ({@code afl}, {@code libfuzzer}). */
public enum Engine {
  /** afl-fuzz (AFL++ or AFL 2.5x): an instance folder, a fork server, a target child. */
  AFL,
  /** libFuzzer in the target's own process (clang -fsanitize=fuzzer). */
  LIBFUZZER,
  /** Jazzer: libFuzzer driving a JVM target (its libjazzer_driver.so is mapped). */
  JAZZER;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
