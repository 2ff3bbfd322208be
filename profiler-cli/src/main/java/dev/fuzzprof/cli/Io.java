package dev.fuzzprof.cli;

import java.io.InputStream;
import java.io.PrintWriter;

/** Where a command reads and writes: the process's streams, or a test's. */
public record Io(PrintWriter out, PrintWriter err, InputStream in) {}
