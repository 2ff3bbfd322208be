package dev.fuzzprof.parse.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** On real async-profiler collapsed output of a Java file loop (see resources/profile/README.md). */
class CollapsedStacksParserTest {

  static Stacks fixture() throws Exception {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        CollapsedStacksParserTest.class.getResourceAsStream("/profile/jvm-fileloop.collapsed"),
        StandardCharsets.UTF_8))) {
      return CollapsedStacksParser.parse(in);
    }
  }

  @Test
  void countsAndKernelShare() throws Exception {
    Stacks s = fixture();
    assertEquals(73, s.samples()); // awk: sum of the last column
    assertEquals(57, s.stacks().size());
    assertEquals(0, s.skippedLines());
    assertEquals(58, s.stacks().stream().filter(Stack::inKernel).mapToLong(Stack::count).sum());
  }

  @Test
  void annotationsAreRemovedAndKernelFramesMarked() throws Exception {
    Stack openat = fixture().stacks().stream()
        .filter(st -> st.frames().contains(Frame.kernel("do_sys_openat2"))).findFirst().orElseThrow();
    assertEquals(Frame.user("FileLoop.main"), openat.frames().get(0));
    assertTrue(openat.frames().contains(Frame.user("java/io/FileInputStream.open0")));
    assertTrue(openat.frames().contains(Frame.user("__GI___libc_open")));
    assertTrue(openat.frames().stream().noneMatch(f -> f.name().endsWith("]") && f.name().contains("_[")));
  }

  @Test
  void badLinesAreSkipped() {
    Stacks s = CollapsedStacksParser.parse("a;b 3\nno count here\n;; 2\na;b 2\n");
    assertEquals(5, s.samples());
    assertEquals(1, s.stacks().size());
    assertEquals(2, s.skippedLines());
  }
}
