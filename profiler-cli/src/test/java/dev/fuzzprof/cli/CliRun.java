package dev.fuzzprof.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the real command line in-process and keeps what it printed. */
public record CliRun(int code, String out, String err) {

  public static CliRun of(String... args) {
    return withStdin("", args);
  }

  public static CliRun withStdin(String stdin, String... args) {
    return withStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.ISO_8859_1)), args);
  }

  public static CliRun withStdin(InputStream stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new Io(new PrintWriter(out), new PrintWriter(err), stdin), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** True when stderr is a single line and shows no Java internals. */
  public boolean oneCleanErrorLine() {
    String e = err.strip();
    return !e.isEmpty() && !e.contains("\n") && !e.contains("Exception") && !e.contains("\tat ");
  }
}
