package dev.fuzzprof.parse.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironParserTest {
  @Test
  void nulSeparatedEntries() {
    Map<String, String> env = EnvironParser.parse("A=1\0B=x=y\0EMPTY=\0junk\0A=2\0");
    assertEquals(Map.of("A", "1", "B", "x=y", "EMPTY", ""), env);
  }

  @Test
  void thisProcessesOwnEnvironmentAsTheKernelGivesIt() throws Exception {
    String text = Files.readString(Path.of("/proc/self/environ"),
        java.nio.charset.StandardCharsets.ISO_8859_1);
    Map<String, String> env = EnvironParser.parse(text);
    // the JVM was started with this environment: PATH is in both
    assertEquals(System.getenv("PATH"), env.get("PATH"));
  }
}
