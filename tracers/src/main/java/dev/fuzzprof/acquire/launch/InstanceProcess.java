package dev.fuzzprof.acquire.launch;

import dev.fuzzprof.problem.FuzzprofException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts one process of a launch: in a session of its own ({@code setsid}, which execs in place,
 * so the pid is the fuzzer's), marked in its environment, with stdin from /dev/null and stdout and
 * stderr appended to its log.
 */
public final class InstanceProcess {
  private InstanceProcess() {}

  /**
   * @param env variables to set (a null value unsets one)
   */
  public static Process start(List<String> command, Map<String, String> env, String launchId,
      String instance, Path log, Path workDir) {
    List<String> cmd = new ArrayList<>();
    cmd.add("setsid");
    cmd.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectErrorStream(true)
        .directory(workDir.toFile());
    env.forEach((k, v) -> {
      if (v == null) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    pb.environment().put(Marks.LAUNCH, launchId);
    pb.environment().put(Marks.INSTANCE, instance);
    try {
      return pb.start();
    } catch (IOException e) {
      throw new FuzzprofException(FuzzprofException.Kind.MISSING_TOOL,
          "cannot start " + command.get(0) + ": " + e.getMessage());
    }
  }

  /** The last {@code bytes} of a log (all of a shorter one); empty when unreadable. */
  public static String tail(Path log, int bytes) {
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(log.toFile(), "r")) {
      long len = f.length();
      long from = Math.max(0, len - bytes);
      byte[] b = new byte[(int) (len - from)];
      f.seek(from);
      f.readFully(b);
      return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
