package dev.fuzzprof.parse.libfuzzer;

import java.util.List;

/**
 * What a libFuzzer log says at its end. A log has no times per status line, so these are final
 * values only; a field is null when the log does not say it.
 *
 * @param cov the last {@code cov:} (coverage points: edges, with -use_value_profile more)
 * @param corpus the last {@code corp:} unit count
 * @param runs the last {@code #N} (or {@code Done N runs})
 * @param seconds from {@code Done N runs in S second(s)}, or the last {@code time: Ns} of
 *     -fork mode
 * @param crashes crash inputs written ({@code Test unit written to ...crash-}, {@code leak-}),
 *     or -fork mode's last crash count
 * @param seed the RNG seed ({@code INFO: Seed: N})
 * @param statusLines status lines read
 */
public record LibFuzzerLog(Long cov, Long corpus, Long runs, Long seconds, int crashes, Long seed,
    int statusLines, List<String> warnings) {

  public LibFuzzerLog {
    warnings = List.copyOf(warnings);
  }
}
