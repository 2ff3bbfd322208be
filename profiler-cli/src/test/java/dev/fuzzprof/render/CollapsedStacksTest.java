package dev.fuzzprof.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.parse.profile.CollapsedStacksParser;
import dev.fuzzprof.parse.profile.Frame;
import dev.fuzzprof.parse.profile.Stack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the collapsed writer writes, the parser reads back: kernel marks, counts, odd names. */
class CollapsedStacksTest {
  static String written(List<Stack> stacks) {
    StringWriter sw = new StringWriter();
    try (PrintWriter w = new PrintWriter(sw)) {
      CollapsedStacks.write(w, stacks);
    }
    return sw.toString();
  }

  @Test
  void readsBackTheSameStacks() {
    List<Stack> stacks = List.of(
        new Stack(List.of(Frame.user("main"), Frame.user("__GI_read"),
            Frame.kernel("entry_SYSCALL_64"), Frame.kernel("ksys_read")), 17),
        new Stack(List.of(Frame.user("main"), Frame.user("decode")), 40));
    String text = written(stacks);
    assertEquals("main;__GI_read;entry_SYSCALL_64_[k];ksys_read_[k] 17\nmain;decode 40\n",
        text.replace(System.lineSeparator(), "\n"));
    assertEquals(stacks, CollapsedStacksParser.parse(text).stacks());
  }

  @Test
  void aFrameNameCannotBreakTheFormat() {
    Stack odd = new Stack(List.of(Frame.user("a;b"), Frame.user("line\nbreak")), 3);
    String text = written(List.of(odd));
    assertEquals(1, text.strip().split("\n").length, text);
    Stack back = CollapsedStacksParser.parse(text).stacks().get(0);
    assertEquals(List.of(Frame.user("a:b"), Frame.user("line break")), back.frames());
    assertEquals(3, back.count());
    assertTrue(CollapsedStacksParser.parse(text).skippedLines() == 0);
  }
}
