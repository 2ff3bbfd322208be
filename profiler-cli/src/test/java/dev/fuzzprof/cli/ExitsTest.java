package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExitsTest {
  @CommandLine.Command(name = "attach")
  static final class Cmd {}

  /**
   * A signal that lands while a command registers its own Ctrl-C handling makes the JVM refuse
   * the hook (bench/kill-trials.sh hit it once in 40 SIGTERMs): one line and exit 130, not an
   * internal error.
   */
  @Test
  void shutdownInProgressIsAnInterruption() {
    StringWriter err = new StringWriter();
    int code = Exits.onExecution(new IllegalStateException("Shutdown in progress"),
        new CommandLine(new Cmd()), new PrintWriter(err));
    assertEquals(Exits.INTERRUPTED, code);
    assertEquals("attach: interrupted before there was anything to report", err.toString().strip());
    StringWriter other = new StringWriter();
    assertEquals(Exits.INTERNAL, Exits.onExecution(new IllegalStateException("x"),
        new CommandLine(new Cmd()), new PrintWriter(other)));
  }
}
