package dev.fuzzprof.acquire.afl;

import dev.fuzzprof.parse.afl.LastWords;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@code afl-showmap -C} over the merged queue of a trial's instances: every input of every
 * {@code queue/} linked (or copied) into one temporary folder, then one afl-showmap run over it,
 * whose output file lists each map entry any of them hit. Returns that file's text; {@link
 * dev.fuzzprof.parse.afl.ShowmapParser} counts it.
 */
public final class Showmap {
  /** How long one trial's queue may take, in all. */
  static final long TIMEOUT_SECONDS = 600;

  private Showmap() {}

  /**
   * @param target the instrumented binary and its arguments ({@code @@} for the input file)
   * @return the text of afl-showmap's output file
   */
  public static String union(List<Path> queues, List<String> target) {
    Path showmap = AflBinary.locate("afl-showmap");
    Path work;
    try {
      work = Files.createTempDirectory("fuzzprof-showmap");
    } catch (IOException e) {
      throw FuzzprofException.data("cannot make a temporary folder: " + e.getMessage());
    }
    try {
      Path merged = Files.createDirectory(work.resolve("queue"));
      int n = 0;
      for (Path q : queues) {
        if (!Files.isDirectory(q)) {
          continue;
        }
        String inst = q.getParent() == null ? "q" : q.getParent().getFileName().toString();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(q)) {
          for (Path f : ds) {
            if (!Files.isRegularFile(f) || f.getFileName().toString().startsWith(".")) {
              continue;
            }
            Path to = merged.resolve(inst + "," + f.getFileName());
            try {
              Files.createLink(to, f.toAbsolutePath());
            } catch (IOException | UnsupportedOperationException e) {
              Files.copy(f, to);
            }
            n++;
          }
        }
      }
      if (n == 0) {
        throw FuzzprofException.data(queues + ": no input in the queue folders; --showmap"
            + " needs the trials' queue/ (a bundle without it has only the counters)");
      }
      Path out = work.resolve("union");
      List<String> cmd = new ArrayList<>(List.of(showmap.toString(), "-C", "-i",
          merged.toString(), "-o", out.toString(), "-t", "2000", "-m", "none", "--"));
      cmd.addAll(target);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(work.resolve("log").toFile()).directory(work.toFile());
      pb.environment().put("LC_ALL", "C");
      pb.environment().put("AFL_NO_UI", "1");
      Process p = pb.start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw FuzzprofException.data("afl-showmap took more than " + TIMEOUT_SECONDS
            + " s over " + n + " inputs; stopped");
      }
      String log = Files.readString(work.resolve("log"), StandardCharsets.UTF_8);
      if (!Files.isRegularFile(out)) {
        List<String> why = LastWords.of(log, 2);
        throw FuzzprofException.data("afl-showmap failed on " + target.get(0) + " (exit "
            + p.exitValue() + ")" + (why.isEmpty() ? "" : ": " + String.join(" / ", why)));
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw FuzzprofException.data("afl-showmap: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FuzzprofException.interrupted("interrupted while afl-showmap ran");
    } finally {
      try (Stream<Path> all = Files.walk(work)) {
        all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        // a temporary folder left behind
      }
    }
  }
}
