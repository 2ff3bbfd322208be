package dev.fuzzprof.analyze.launch;

import dev.fuzzprof.parse.afl.AflBuild;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the user asked to launch, with what the box allows.
 *
 * @param afl the installed afl-fuzz; empty for a libFuzzer campaign
 * @param fuzzer the afl-fuzz to run (a path); ignored for libFuzzer
 * @param cpus the CPUs to use, in the order to hand them out (physical cores first)
 * @param heldCpus CPUs another process is bound to alone: used last
 * @param target the target and its arguments (for libFuzzer: the fuzzer binary and its flags)
 * @param fuzzerArgs afl-fuzz options passed through ({@code -x}, {@code -t}, {@code -m}, ...)
 * @param env variables every instance gets (ASAN_OPTIONS, AFL_TMPDIR, ...)
 * @param cmplog a CMPLOG build of the target, for {@code -c} on one or two secondaries
 * @param allSecondaries every instance {@code -S} (scale's fair steps), none {@code -M}
 */
public record LaunchRequest(
    Optional<AflBuild> afl,
    String fuzzer,
    int instances,
    List<Integer> cpus,
    Set<Integer> heldCpus,
    String inputDir,
    String outputDir,
    List<String> target,
    List<String> fuzzerArgs,
    Map<String, String> env,
    Mix mix,
    Optional<String> cmplog,
    boolean allSecondaries) {

  public boolean libFuzzer() {
    return afl.isEmpty();
  }
}
