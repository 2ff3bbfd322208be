package dev.fuzzprof.cli.command;

import dev.fuzzprof.cli.Io;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --format} and {@code --out}, the same in every command that prints a report: which
 * renderer writes, and where to. A command says which formats it writes by implementing
 * {@link Formats}; {@link #check} and the console's completion both ask it.
 */
public final class OutputOptions {
  /** The formats a command writes. */
  public interface Formats {
    EnumSet<OutputFormat> formats();
  }

  /** The formats of a command object: what it declares, else text and json. */
  public static EnumSet<OutputFormat> formatsOf(Object command) {
    return command instanceof Formats f ? f.formats()
        : EnumSet.of(OutputFormat.text, OutputFormat.json);
  }

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (for people), json (stable keys, for scripts), or html (one page with"
          + " charts; scaling-report, compare). Default: ${DEFAULT-VALUE}")
  OutputFormat format;

  @Option(names = "--out", paramLabel = "FILE",
      description = "write the report to FILE instead of standard output")
  Path out;

  /** The formats the command this belongs to writes. */
  public EnumSet<OutputFormat> formats() {
    return formatsOf(command == null ? null : command.userObject());
  }

  /** The format asked for, once it is one this command has. */
  public OutputFormat format() {
    return format;
  }

  /** Refuses a format the command does not write; html also needs a file. */
  public OutputOptions check() {
    EnumSet<OutputFormat> allowed = formats();
    if (!allowed.contains(format)) {
      throw FuzzprofException.usage("--format " + format + ": " + command.name() + " writes "
          + allowed.stream().map(f -> f.name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(" or ")));
    }
    if (format == OutputFormat.html && out == null) {
      throw FuzzprofException.usage("--format html needs --out FILE (one page, not a stream)");
    }
    return this;
  }

  /**
   * Lets {@code renderer} write the report to {@code --out} (then says so on standard output)
   * or to standard output.
   */
  public void write(Io io, Consumer<PrintWriter> renderer) {
    if (out == null) {
      renderer.accept(io.out());
      io.out().flush();
      return;
    }
    writeFile(out, renderer);
    io.out().println("wrote " + out);
    io.out().flush();
  }

  /** The one way a command writes a file: a renderer fills it; a failure is a data error. */
  public static void writeFile(Path file, Consumer<PrintWriter> renderer) {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw FuzzprofException.data(file + ": cannot write: no directory " + parent);
    }
    try {
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
          PrintWriter pw = new PrintWriter(w)) {
        renderer.accept(pw);
        pw.flush();
        if (pw.checkError()) {
          throw new IOException("write failed (disk full?)");
        }
      }
    } catch (IOException e) {
      throw FuzzprofException.data(file + ": cannot write: " + e.getMessage());
    }
  }

  /** A stream of reports (top): one writer held open for the whole run. */
  public PrintWriter open(Io io) {
    if (out == null) {
      return io.out();
    }
    try {
      return new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8), true);
    } catch (IOException e) {
      throw FuzzprofException.data(out + ": cannot write: " + e.getMessage());
    }
  }
}
