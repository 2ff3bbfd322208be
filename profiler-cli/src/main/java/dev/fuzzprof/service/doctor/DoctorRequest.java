package dev.fuzzprof.service.doctor;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The campaign the box is checked for.
 *
 * @param instances how many afl-fuzz instances will run; 0: unknown (one per allowed CPU)
 * @param outputDir the -o directory (it need not exist yet)
 * @param env the campaign's environment, at least AFL_TMPDIR, AFL_NO_AFFINITY,
 *     AFL_TRY_AFFINITY and AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES when set
 * @param bindsWithB whether each instance gets afl-fuzz -b CPU
 * @param ownFuzzerPids the campaign's afl-fuzz processes already running (none before launch)
 * @param limitsPid whose RLIMITs the instances will inherit: empty, this process's (launch
 *     starts them); the command line passes the shell that started it
 */
public record DoctorRequest(int instances, Optional<Path> outputDir, Map<String, String> env,
    boolean bindsWithB, Set<Integer> ownFuzzerPids, Optional<Integer> limitsPid) {

  /** Instances started by this process (launch). */
  public DoctorRequest(int instances, Optional<Path> outputDir, Map<String, String> env,
      boolean bindsWithB, Set<Integer> ownFuzzerPids) {
    this(instances, outputDir, env, bindsWithB, ownFuzzerPids, Optional.empty());
  }

  public DoctorRequest {
    outputDir = outputDir == null ? Optional.empty() : outputDir;
    env = env == null ? Map.of() : Map.copyOf(env);
    ownFuzzerPids = ownFuzzerPids == null ? Set.of() : Set.copyOf(ownFuzzerPids);
    limitsPid = limitsPid == null ? Optional.empty() : limitsPid;
  }
}
