package dev.fuzzprof.service.compare;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code compare --run} keeps beside a trial's output, {@code OUT/A-1/fuzzprof-trial.json}:
 * the arm, the round, the CPUs the trial was bound to, how long it ran and the CPU seconds its
 * processes received (from /proc/PID/stat: afl-fuzz's own time, and its fork server's and
 * targets', reaped ones included), so that the offline {@code compare} reads them again.
 *
 * @param arm {@code A} or {@code B}
 * @param armName the arm's name as given to {@code --arm-a NAME=...}
 * @param round 1-based
 * @param wallSeconds from its start to the last CPU reading, just before it was stopped
 * @param cpuSeconds what its processes had used by that reading (the sum of the four parts)
 * @param startedAt when it started (ISO-8601, UTC)
 */
public record TrialFile(int format, String arm, String armName, int round, List<Integer> cpus,
    double wallSeconds, double cpuSeconds, double fuzzerUser, double fuzzerSystem,
    double targetUser, double targetSystem, String startedAt, List<List<String>> commands) {

  public static final String NAME = "fuzzprof-trial.json";
  public static final int FORMAT = 1;

  private static final ObjectMapper READER = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public TrialFile {
    cpus = List.copyOf(cpus);
    commands = List.copyOf(commands);
  }

  /** The file in a trial's directory; empty when there is none (a trial not run by --run). */
  static Optional<TrialFile> read(Path trialDir) {
    Path f = trialDir.resolve(NAME);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    String text;
    try {
      text = Files.readString(f);
    } catch (IOException e) {
      throw FuzzprofException.data(f + ": cannot read: " + e.getMessage());
    }
    return Optional.of(parse(f.toString(), text));
  }

  /** Pure: the file's text to the record; a one-line data error when it is not one. */
  static TrialFile parse(String name, String text) {
    try {
      TrialFile t = READER.readValue(text, TrialFile.class);
      if (t.format() != FORMAT || t.cpus() == null) {
        throw FuzzprofException.data(name + ": not a fuzzprof trial file of format " + FORMAT);
      }
      return t;
    } catch (IOException e) {
      throw FuzzprofException.data(name + ": not a fuzzprof trial file ("
          + e.getMessage().lines().findFirst().orElse("unreadable") + ")");
    }
  }
}
