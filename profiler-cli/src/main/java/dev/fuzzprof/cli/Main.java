package dev.fuzzprof.cli;

import dev.fuzzprof.cli.command.AnalyzeCommand;
import dev.fuzzprof.cli.command.ScalingReportCommand;
import dev.fuzzprof.cli.command.SnapshotCommand;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fuzzprof} command. */
@Command(
    name = "fuzzprof",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    subcommands = {AnalyzeCommand.class, dev.fuzzprof.cli.command.AttachCommand.class, ScalingReportCommand.class, SnapshotCommand.class,
      dev.fuzzprof.cli.command.FlameCommand.class, dev.fuzzprof.cli.command.ConsoleCommand.class,
      dev.fuzzprof.cli.command.TopCommand.class, dev.fuzzprof.cli.command.CompareCommand.class,
      dev.fuzzprof.cli.command.ExporterCommand.class, dev.fuzzprof.cli.command.FleetCommand.class,
      CommandLine.HelpCommand.class},
    description = {
      "Find out whether a fuzzing campaign uses all its cores, scales, and spends its time in"
          + " the target or in the kernel.",
      "",
      "Start with: fuzzprof analyze TRACE   (a saved strace or perf trace of a fuzz target)"
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 bad input data, 2 bad command line, 3 not permitted,"
          + " 4 a needed tool is missing, 70 internal error, 130 interrupted."
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8));
    int code = run(new Io(out, err, System.in), args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line and returns its exit code; tests call this. */
  public static int run(Io io, String... args) {
    CommandLine cl = commandLine(io);
    int code = cl.execute(args);
    io.out().flush();
    io.err().flush();
    return code;
  }

  /** The command tree, wired to the given streams; the console reuses it. */
  public static CommandLine commandLine(Io io) {
    CommandLine cl = new CommandLine(new Main(), new Factory(io));
    cl.setOut(io.out());
    cl.setErr(io.err());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> Exits.onExecution(e, cmd, io.err()));
    cl.setParameterExceptionHandler((e, a) -> Exits.onParameter(e, io.err()));
    return cl;
  }

  /** Gives every command that asks for it the streams it must use. */
  private record Factory(Io io) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      try {
        return cls.getDeclaredConstructor(Io.class).newInstance(io);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(cls);
      }
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"fuzzprof " + (v == null ? "(development build)" : v)};
    }
  }

  public static void usage(PrintWriter w) {
    commandLine(new Io(w, w, InputStream.nullInputStream())).usage(w);
  }
}
