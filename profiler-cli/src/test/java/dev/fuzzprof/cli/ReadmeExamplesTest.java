package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every README example that runs on a bundled sample ({@code ./fuzzprof CMD ... sample-traces/...}
 * in a code block) runs as written and succeeds: a new user's first commands. A server started in
 * the background ({@code ... &}, the exporter) is left to its own test.
 */
class ReadmeExamplesTest {
  static List<String> examples() throws Exception {
    List<String> out = new ArrayList<>();
    boolean block = false;
    for (String line : Files.readAllLines(Repo.root().resolve("README.md"))) {
      if (line.startsWith("```")) {
        block = !block;
        continue;
      }
      String l = line.strip();
      int hash = l.indexOf("  #");
      if (hash > 0) {
        l = l.substring(0, hash).strip();
      }
      if (block && l.startsWith("./fuzzprof ") && l.contains("sample-traces/")
          && !l.contains("|") && !l.endsWith("&")) { // a server started in the background
        out.add(l);
      }
    }
    return out;
  }

  /** A shell glob in the last name of a path ({@code sample-traces/compare/shmem-*}), sorted. */
  static List<String> glob(Path pattern) throws Exception {
    List<String> out = new ArrayList<>();
    try (var ds = Files.newDirectoryStream(pattern.getParent(),
        pattern.getFileName().toString())) {
      ds.forEach(p -> out.add(p.toString()));
    }
    assertFalse(out.isEmpty(), pattern + " matches nothing");
    out.sort(null);
    return out;
  }

  @Test
  void bundledSampleExamplesRunAsWritten(@TempDir Path t) throws Exception {
    List<String> examples = examples();
    assertTrue(examples.size() >= 3, "README examples on bundled samples: " + examples);
    for (String e : examples) {
      String[] words = e.substring("./fuzzprof ".length()).split("\\s+");
      List<String> args = new ArrayList<>();
      for (String w : words) {
        if (w.startsWith("sample-traces/") && w.contains("*")) {
          args.addAll(glob(Repo.root().resolve(w))); // as the shell expands it
          continue;
        }
        args.add(w.startsWith("sample-traces/") ? Repo.root().resolve(w).toString()
            : w.equals("report.html") ? t.resolve(w).toString() : w);
      }
      CliRun r = CliRun.of(args.toArray(String[]::new));
      assertEquals(0, r.code(), e + ": " + r.err());
      assertFalse(r.out().isBlank(), e);
      if (Arrays.asList(words).contains("--out")) {
        assertTrue(Files.size(t.resolve("report.html")) > 1000, e);
      }
    }
  }
}
