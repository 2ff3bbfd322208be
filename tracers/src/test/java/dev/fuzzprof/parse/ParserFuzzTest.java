package dev.fuzzprof.parse;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.fuzzprof.event.TraceEvent;
import dev.fuzzprof.parse.afl.AflCommandLineParser;
import dev.fuzzprof.parse.afl.FuzzerSetupParser;
import dev.fuzzprof.parse.afl.FuzzerStatsParser;
import dev.fuzzprof.parse.afl.PlotDataParser;
import dev.fuzzprof.parse.libfuzzer.LibFuzzerLogParser;
import dev.fuzzprof.parse.perf.CpuSamplesParser;
import dev.fuzzprof.parse.perf.PerfStatCsvParser;
import dev.fuzzprof.parse.proc.CpuListParser;
import dev.fuzzprof.parse.proc.PidStatParser;
import dev.fuzzprof.parse.proc.PidStatusParser;
import dev.fuzzprof.parse.proc.ProcStatParser;
import dev.fuzzprof.parse.proc.SchedstatParser;
import dev.fuzzprof.parse.proc.UptimeParser;
import dev.fuzzprof.parse.profile.CollapsedStacksParser;
import dev.fuzzprof.parse.profile.PerfScriptParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Every parser of fuzzprof on whatever bytes a mangled file may hold. A parser never throws: a
 * line it cannot read is skipped and counted, a value it cannot read is null or a warning.
 * Run by every test run in regression mode (the inputs under
 * {@code ParserFuzzTestInputs/METHOD/}: real files and what fuzzing found); fuzzed for real by
 * {@code bench/fuzz-parsers.sh} ({@code JAZZER_FUZZ=1}, one method per JVM).
 */
class ParserFuzzTest {
  static String text(byte[] data) {
    return new String(data, StandardCharsets.ISO_8859_1);
  }

  @FuzzTest
  void traces(byte[] data) {
    TraceFormat format = TraceFormat.detect(data, data.length);
    if (format == TraceFormat.BINARY) {
      return; // refused before any parser runs: analyze says "binary" in one line, exit 1
    }
    List<TraceEvent> events = new ArrayList<>();
    LineParser p = format.parser(events::add);
    ParseStats stats = p.parseText(text(data));
    assertNotNull(stats);
    assertTrue(stats.lines() >= 0);
  }

  @FuzzTest
  void aflFiles(byte[] data) {
    String t = text(data);
    assertNotNull(FuzzerStatsParser.parse(t));
    assertNotNull(PlotDataParser.parse(t));
    assertNotNull(FuzzerSetupParser.parse(t));
    assertNotNull(AflCommandLineParser.parse(t));
    assertNotNull(AflCommandLineParser.parse(List.of(t.split("\0", -1))));
  }

  @FuzzTest
  void libFuzzerLogs(byte[] data) {
    assertNotNull(LibFuzzerLogParser.parse(text(data)));
  }

  @FuzzTest
  void perfOutput(byte[] data) {
    String t = text(data);
    assertNotNull(PerfStatCsvParser.parse(t));
    assertNotNull(CpuSamplesParser.parse(t));
    assertNotNull(PerfScriptParser.parse(t));
    assertNotNull(CollapsedStacksParser.parse(t));
  }

  @FuzzTest
  void procFiles(byte[] data) {
    String t = text(data);
    assertNotNull(PidStatParser.parse(t));
    assertNotNull(PidStatusParser.parse(t));
    assertNotNull(ProcStatParser.parse(t));
    assertNotNull(SchedstatParser.parse(t));
    assertNotNull(CpuListParser.parse(t));
    assertNotNull(UptimeParser.parse(t));
  }
}
