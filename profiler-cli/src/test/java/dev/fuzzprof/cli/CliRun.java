package dev.fuzzprof.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the command line in-process and keeps what it printed. */
record CliRun(int code, String out, String err) {

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new Io(new PrintWriter(out), new PrintWriter(err),
        InputStream.nullInputStream()), args);
    return new CliRun(code, out.toString(), err.toString());
  }

  static Path repo() {
    return Path.of(System.getProperty("fuzzprof.repo", "."));
  }

  /** One line on stderr, no stack trace. */
  boolean oneCleanErrorLine() {
    return err.strip().lines().count() == 1 && !err.contains("Exception") && !err.contains("at dev.");
  }
}
