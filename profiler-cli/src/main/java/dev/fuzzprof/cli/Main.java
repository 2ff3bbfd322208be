package dev.fuzzprof.cli;

import dev.fuzzprof.cli.command.AnalyzeCommand;
import dev.fuzzprof.cli.command.ScalingReportCommand;
import dev.fuzzprof.cli.command.SnapshotCommand;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fuzzprof} command. Its subcommands are added in code ({@link #subcommands}) rather
 * than in the annotation, so that a command line naming one of them builds that one alone (and
 * a bare {@code --version} builds none): picocli reads every command's annotations when it is added,
 * which was most of the start-up time of {@code fuzzprof --version}.
 */
@Command(
    name = "fuzzprof",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
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
  /** Every subcommand by name, in the order the usage lists them (loaded only when asked for). */
  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("analyze", AnalyzeCommand.class);
    m.put("attach", dev.fuzzprof.cli.command.AttachCommand.class);
    m.put("scaling-report", ScalingReportCommand.class);
    m.put("snapshot", SnapshotCommand.class);
    m.put("flame", dev.fuzzprof.cli.command.FlameCommand.class);
    m.put("console", dev.fuzzprof.cli.command.ConsoleCommand.class);
    m.put("top", dev.fuzzprof.cli.command.TopCommand.class);
    m.put("compare", dev.fuzzprof.cli.command.CompareCommand.class);
    m.put("exporter", dev.fuzzprof.cli.command.ExporterCommand.class);
    m.put("doctor", dev.fuzzprof.cli.command.DoctorCommand.class);
    m.put("fleet", dev.fuzzprof.cli.command.FleetCommand.class);
    m.put("launch", dev.fuzzprof.cli.command.LaunchCommand.class);
    m.put("scale", dev.fuzzprof.cli.command.ScaleCommand.class);
    m.put("help", CommandLine.HelpCommand.class);
    return m;
  }

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
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // what picocli would print, without building the command tree (most of the start-up time)
      for (String line : new Version().getVersion()) {
        io.out().println(line);
      }
      io.out().flush();
      return 0;
    }
    CommandLine cl = commandLine(io, needed(args));
    int code = cl.execute(args);
    io.out().flush();
    io.err().flush();
    return code;
  }

  /** The command tree, wired to the given streams; the console reuses it. */
  public static CommandLine commandLine(Io io) {
    return commandLine(io, subcommands());
  }

  /**
   * The subcommands a command line needs: the one it names ({@code help} excepted, which lists
   * them all), else all of them.
   */
  static Map<String, Class<?>> needed(String... args) {
    Map<String, Class<?>> all = subcommands();
    if (args.length > 0 && !args[0].equals("help") && all.containsKey(args[0])) {
      return Map.of(args[0], all.get(args[0]));
    }
    return all;
  }

  private static CommandLine commandLine(Io io, Map<String, Class<?>> subcommands) {
    Factory factory = new Factory(io);
    CommandLine cl = new CommandLine(new Main(), factory);
    subcommands.forEach((name, cls) -> cl.addSubcommand(name, new CommandLine(cls, factory)));
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
