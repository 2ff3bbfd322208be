package dev.fuzzprof.console;

import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.cli.Exits;
import dev.fuzzprof.cli.Io;
import dev.fuzzprof.cli.Main;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import picocli.CommandLine;

/**
 * The {@code fuzzprof console} loop: a JLine line editor in front of the very command tree the
 * command line uses ({@link Main#commandLine}). Each command runs on a worker thread, so Ctrl-C
 * cancels it (interrupts the worker) and the prompt comes back; Ctrl-D, {@code exit} or
 * {@code quit} leave.
 */
public final class Console {
  static final String PROMPT = "fuzzprof> ";

  private final Terminal terminal;
  private final Path historyFile;
  private final boolean colour;
  /** The command tree completion and command names come from. */
  private final CommandLine model;
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fuzzprof-command");
    t.setDaemon(true);
    return t;
  });

  public Console(Terminal terminal, Path historyFile, boolean colour) {
    this.terminal = terminal;
    PrintWriter w = terminal.writer();
    this.model = Main.commandLine(new Io(w, w, InputStream.nullInputStream()));
    this.historyFile = historyFile;
    this.colour = colour;
  }

  /** The history file: FUZZPROF_HISTORY, else ~/.fuzzprof_history. */
  public static Path defaultHistory() {
    String env = System.getenv("FUZZPROF_HISTORY");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".fuzzprof_history");
  }

  /** The line reader the console uses, also for tests of completion. */
  public LineReader reader() {
    DefaultParser parser = new DefaultParser();
    parser.setEscapeChars(new char[0]); // backslashes stay: they are path characters here
    return LineReaderBuilder.builder()
        .appName("fuzzprof")
        .terminal(terminal)
        .parser(parser)
        .completer(new CommandCompleter(model, () -> new FuzzerPids(ProcFs.live()).find()))
        .variable(LineReader.HISTORY_FILE, historyFile)
        .variable(LineReader.HISTORY_FILE_SIZE, 10_000)
        .build();
  }

  public int run() {
    ConsoleSession.set(terminal);
    LineReader reader = reader();
    PrintWriter w = terminal.writer();
    w.println("fuzzprof console: Tab completes, 'help' lists the commands, Ctrl-C cancels a"
        + " command, Ctrl-D or 'exit' leaves.");
    w.flush();
    String prompt = colour
        ? new AttributedString(PROMPT, AttributedStyle.BOLD.foreground(AttributedStyle.CYAN))
            .toAnsi(terminal)
        : PROMPT;
    try {
      while (true) {
        String line;
        try {
          line = reader.readLine(prompt);
        } catch (UserInterruptException e) {
          continue; // Ctrl-C at the prompt drops the line
        } catch (EndOfFileException e) {
          break;
        }
        List<String> words = new ArrayList<>(reader.getParsedLine().words());
        words.removeIf(String::isEmpty);
        if (line == null || words.isEmpty()) {
          continue;
        }
        String first = words.get(0);
        if (first.equals("exit") || first.equals("quit")) {
          break;
        }
        if (first.equals("console")) {
          w.println("fuzzprof console: already in the console");
          w.flush();
          continue;
        }
        if (!first.startsWith("-") && !model.getSubcommands().containsKey(first)) {
          w.println("fuzzprof: no command '" + first + "'; 'help' lists them");
          w.flush();
          continue;
        }
        execute(words);
        saveHistory(reader);
      }
    } finally {
      saveHistory(reader);
      ConsoleSession.set(null);
      workers.shutdownNow();
    }
    return Exits.OK;
  }

  /** Runs one command line on a worker; Ctrl-C meanwhile cancels it. Returns its exit code. */
  int execute(List<String> words) {
    PrintWriter w = terminal.writer();
    CommandLine cl = Main.commandLine(new Io(w, w, InputStream.nullInputStream()));
    cl.setColorScheme(CommandLine.Help.defaultColorScheme(
        colour ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
    String[] args = words.toArray(String[]::new);
    Future<Integer> run = workers.submit(() -> cl.execute(args));
    Terminal.SignalHandler old = terminal.handle(Terminal.Signal.INT, s -> run.cancel(true));
    try {
      return run.get();
    } catch (CancellationException e) {
      w.println();
      w.println(words.get(0) + ": cancelled");
      return Exits.INTERRUPTED;
    } catch (InterruptedException e) {
      run.cancel(true);
      Thread.currentThread().interrupt();
      return Exits.INTERRUPTED;
    } catch (ExecutionException e) {
      w.println(words.get(0) + ": internal error: " + e.getCause());
      return Exits.INTERNAL;
    } finally {
      terminal.handle(Terminal.Signal.INT, old);
      w.flush();
    }
  }

  private void saveHistory(LineReader reader) {
    try {
      reader.getHistory().save();
    } catch (java.io.IOException | RuntimeException e) {
      // a read-only home must not stop the console
    }
  }
}
