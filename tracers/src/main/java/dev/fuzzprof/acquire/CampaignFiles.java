package dev.fuzzprof.acquire;

import dev.fuzzprof.acquire.afl.AflOutputDir;
import dev.fuzzprof.acquire.libfuzzer.LibFuzzerLogs;
import dev.fuzzprof.problem.FuzzprofException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one reader of what a campaign path holds, whatever the fuzzer: AFL/AFL++ instance folders
 * (a sync dir, out/default, one instance), libFuzzer's job logs ({@code fuzz-N.log} of
 * {@code -jobs}, in the folder it ran in), or a single libFuzzer log file.
 */
public final class CampaignFiles {
  private CampaignFiles() {}

  public static List<InstanceFiles> read(Path path) {
    if (Files.isRegularFile(path)) {
      InstanceFiles log = LibFuzzerLogs.readLog(path);
      if (log == null) {
        throw FuzzprofException.data(path + ": cannot read");
      }
      if (!dev.fuzzprof.parse.libfuzzer.LibFuzzerLogParser.looksLikeLibFuzzer(log.libFuzzerLog())) {
        throw FuzzprofException.data(path + " is a file, but not a libFuzzer log (no INFO: Seed:"
            + " or #N status line): give the -o directory of afl-fuzz, the folder libFuzzer"
            + " -jobs ran in, or a libFuzzer log");
      }
      return List.of(log);
    }
    List<Path> logs = LibFuzzerLogs.jobLogs(path);
    if (logs.isEmpty()) {
      return AflOutputDir.read(path); // says what is wrong with the folder, if anything
    }
    List<InstanceFiles> out = new ArrayList<>();
    if (!AflOutputDir.instanceDirs(path).isEmpty()) {
      out.addAll(AflOutputDir.read(path));
    }
    out.addAll(LibFuzzerLogs.read(path));
    return out;
  }
}
