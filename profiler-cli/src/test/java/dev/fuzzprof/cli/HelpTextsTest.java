package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's --help is formatted as written: picocli formats descriptions with
 * String.format, and an unescaped {@code %} makes it print the raw text with a warning on
 * System.err (scale's "80% or more" did).
 */
class HelpTextsTest {
  @Test
  void everyHelpTextFormatsWithoutAWarning() {
    CommandLine root = Main.commandLine(new Io(new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()), System.in));
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
        String usage = e.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(usage.contains("Usage: fuzzprof " + e.getKey()), e.getKey() + ":\n" + usage);
        assertFalse(usage.contains("%n"), e.getKey() + " has an unformatted %n:\n" + usage);
      }
    } finally {
      System.setErr(saved);
    }
    String warnings = err.toString(StandardCharsets.UTF_8);
    assertFalse(warnings.contains("picocli WARN"), warnings);
  }
}
