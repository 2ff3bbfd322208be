package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The C targets every test runs: sources in the repository's {@code targets/}, built by its one
 * Makefile into {@code targets/build/} (what {@code scripts/test.sh}, the benchmarks and
 * {@code sample-traces/record*.sh} use too). A test asks for a binary by name; make rebuilds it
 * when its source changed.
 */
final class Targets {
  private Targets() {}

  /** {@code targets/build/NAME}, made with gcc ({@code make -C targets build/NAME}). */
  static Path built(String name) throws Exception {
    assumeTrue(LiveTargets.onPath("make") && LiveTargets.onPath("gcc"),
        "make and gcc are needed to build targets/");
    return make(name);
  }

  /**
   * {@code targets/build/NAME} of the AFL++ builds (afl_harness.c, afl_libjpeg.c), made with
   * afl-clang-fast; the test is skipped when that or libjpeg is missing.
   */
  static Path builtAfl(String name) throws Exception {
    assumeTrue(LiveTargets.onPath("make") && LiveTargets.onPath("afl-clang-fast"),
        "make and afl-clang-fast are needed to build the AFL++ targets");
    return make(name);
  }

  /**
   * {@code targets/build/NAME} of the libFuzzer builds (clang -fsanitize=fuzzer, which needs
   * libclang-rt-14-dev); skipped when clang cannot build it.
   */
  static Path builtLibFuzzer(String name) throws Exception {
    assumeTrue(LiveTargets.onPath("make") && LiveTargets.onPath("clang"),
        "make and clang are needed to build the libFuzzer target");
    return make(name);
  }

  private static synchronized Path make(String name) throws Exception {
    Path targets = Repo.root().resolve("targets");
    Process make = new ProcessBuilder("make", "-s", "-C", targets.toString(), "build/" + name)
        .redirectErrorStream(true).start();
    String said = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean ended = make.waitFor(300, TimeUnit.SECONDS);
    Path bin = targets.resolve("build").resolve(name);
    assumeTrue(ended && make.exitValue() == 0 && Files.exists(bin),
        "make -C targets build/" + name + " failed: " + said.strip());
    return bin;
  }
}
