package dev.fuzzprof.acquire.launch;

import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.parse.launch.LaunchRecord;
import dev.fuzzprof.parse.launch.LaunchRecordParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Opens the launch record a {@code fuzzprof launch} keeps in its output dir, and tells whether
 * the fuzzprof that wrote it still runs (its pid alive, and a fuzzprof launch by its command line:
 * after a SIGKILL the file still says "running", and the pid may be reused).
 */
public final class LaunchRecords {
  /** The record's file name; launch writes it (service.launch.LaunchFile). */
  public static final String FILE = "fuzzprof-launch.json";

  private LaunchRecords() {}

  /** The record in {@code outDir}, or nothing when there is none or it cannot be read. */
  public static Optional<LaunchRecord> in(Path outDir) {
    Path f = outDir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      return LaunchRecordParser.parse(Files.readString(f));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** True when the launch's fuzzprof runs: its pid is a process whose command line is launch's. */
  public static boolean launcherRuns(ProcFs proc, LaunchRecord r) {
    if (r.pid() <= 0 || r.pid() > Integer.MAX_VALUE || !proc.exists((int) r.pid())) {
      return false;
    }
    List<String> argv = proc.cmdline((int) r.pid());
    return argv.contains("launch") || argv.contains("--detached-child");
  }
}
