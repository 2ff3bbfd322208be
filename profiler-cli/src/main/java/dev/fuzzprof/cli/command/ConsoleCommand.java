package dev.fuzzprof.cli.command;

import dev.fuzzprof.cli.Io;
import dev.fuzzprof.console.Colour;
import dev.fuzzprof.console.Console;
import dev.fuzzprof.console.ConsoleSession;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.IOException;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;

@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = {
      "An interactive prompt over the same commands: Tab completes commands, options, pids of"
          + " running fuzzers and paths; history is kept in ~/.fuzzprof_history"
          + " (FUZZPROF_HISTORY overrides); help and help CMD; Ctrl-C cancels the running"
          + " command; Ctrl-D or exit leaves."
    })
public final class ConsoleCommand implements Callable<Integer> {
  @SuppressWarnings("unused")
  private final Io io;

  public ConsoleCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws IOException {
    if (ConsoleSession.current() != null) {
      throw FuzzprofException.usage("already in the console");
    }
    try (Terminal terminal = TerminalBuilder.builder().name("fuzzprof").system(true)
        .nativeSignals(true).signalHandler(Terminal.SignalHandler.SIG_IGN)
        .dumb(true) // piped input: a dumb terminal, without a warning
        .build()) {
      return new Console(terminal, Console.defaultHistory(), Colour.wanted(terminal)).run();
    }
  }
}
