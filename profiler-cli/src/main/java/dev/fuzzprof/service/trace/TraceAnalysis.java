package dev.fuzzprof.service.trace;

import dev.fuzzprof.acquire.TraceFile;
import dev.fuzzprof.analyze.trace.TraceAnalyzer;
import dev.fuzzprof.analyze.trace.TraceReport;
import dev.fuzzprof.parse.TraceFormat;
import dev.fuzzprof.problem.FuzzprofException;
import java.io.InputStream;

/** acquire -> parse -> analyze for a saved trace: the pipeline behind {@code fuzzprof analyze}. */
public final class TraceAnalysis {
  private TraceAnalysis() {}

  public static TraceReport analyze(String pathOrDash, InputStream stdin) {
    TraceAnalyzer analyzer = new TraceAnalyzer();
    TraceFile.Result read = TraceFile.read(pathOrDash, stdin, analyzer, TraceAnalyzer.ARGS_NEEDED);
    String name = "-".equals(pathOrDash) ? "standard input" : pathOrDash;
    if (read.bytes() == 0) {
      throw FuzzprofException.data(name + " is empty");
    }
    if (read.stats().events() == 0) {
      throw FuzzprofException.data(name + " has no syscalls: not strace or perf trace output ("
          + read.stats().lines() + " lines, none understood)");
    }
    return analyzer.finish(read.stats(), formatName(read.format()));
  }

  private static String formatName(TraceFormat f) {
    return f == TraceFormat.PERF_TRACE ? "perf-trace" : "strace";
  }
}
