package dev.fuzzprof.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.cli.Repo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console over JLine's dumb terminal, typed into through a pipe. */
class ConsoleTest {
  @TempDir Path tmp;

  static Terminal dumb(String typed, ByteArrayOutputStream out) throws IOException {
    return new DumbTerminal("fuzzprof-test", Terminal.TYPE_DUMB,
        new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)), out,
        StandardCharsets.UTF_8);
  }

  String console(String typed) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Terminal t = dumb(typed, out)) {
      assertEquals(0, new Console(t, tmp.resolve("history"), false).run());
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void analyzePrintsTheReport() throws IOException {
    String out = console("analyze " + Repo.sample("afl-shmem.strace") + "\nexit\n");
    assertTrue(out.contains("shmem"), out);
    assertTrue(out.contains("gettid getpid tgkill"), out);
    assertFalse(out.contains("\u001b["), "no colour on a dumb terminal");
  }

  @Test
  void aBadCommandPrintsOneLineAndTheConsoleGoesOn() throws IOException {
    String out = console("bogus --x\nanalyze /no/such/trace\nhelp analyze\n");
    List<String> lines = out.lines().toList();
    long bogus = lines.stream().filter(l -> l.contains("bogus")).count();
    assertEquals(1, bogus, out);
    assertTrue(out.contains("no command 'bogus'"), out);
    assertEquals(1, lines.stream().filter(l -> l.contains("/no/such/trace")).count(), out);
    assertTrue(out.contains("Usage: fuzzprof analyze"), out);
    assertFalse(out.contains("Exception"), out);
  }

  @Test
  void helpListsTheCommandsOfTheCommandLine() throws IOException {
    String out = console("help\n");
    assertTrue(out.contains("analyze"), out);
    assertTrue(out.contains("console"), out);
    assertTrue(out.contains("top"), out);
  }

  @Test
  void historyIsWrittenToTheFile() throws IOException {
    console("help analyze\nquit\n");
    String history = Files.readString(tmp.resolve("history"));
    assertTrue(history.contains("help analyze"), history);
  }

  @Test
  void consoleInsideTheConsoleIsRefused() throws IOException {
    String out = console("console\nhelp top\n");
    assertTrue(out.contains("already in the console"), out);
    assertTrue(out.contains("Usage: fuzzprof top"), out);
  }

  @Test
  void topInTheConsoleOnADumbTerminalPrintsPlainSnapshots() throws IOException {
    String out = console("top --iterations 1 --interval 200ms\n");
    assertTrue(out.contains("0 ["), out);
    assertFalse(out.contains("\u001b["), out);
  }

  List<String> complete(String line) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Terminal t = dumb("", out)) {
      LineReader reader = new Console(t, tmp.resolve("history"), false).reader();
      ParsedLine parsed = new DefaultParser().parse(line, line.length(),
          Parser.ParseContext.COMPLETE);
      List<Candidate> candidates = new ArrayList<>();
      ((org.jline.reader.impl.LineReaderImpl) reader).getCompleter().complete(reader, parsed, candidates);
      String word = parsed.word();
      return candidates.stream().map(Candidate::value).filter(v -> v.startsWith(word)).toList();
    }
  }

  @Test
  void completesCommandsFromTheModel() throws IOException {
    assertEquals(List.of("analyze"), complete("an"));
    assertTrue(complete("").containsAll(List.of("analyze", "console", "top", "help", "exit")));
  }

  @Test
  void completesOptionsAndTheirValues() throws IOException {
    assertEquals(List.of("--format"), complete("analyze --fo"));
    assertEquals(List.of("json", "text"), complete("analyze --format ").stream().sorted().toList());
    assertEquals(List.of("cpu", "execs", "kernel", "name"),
        complete("top --sort ").stream().sorted().toList());
    assertTrue(complete("help a").contains("analyze"));
  }

  @picocli.CommandLine.Command(name = "fake")
  static final class Fake {
    @picocli.CommandLine.Command(name = "attach")
    void attach(@picocli.CommandLine.Parameters(paramLabel = "PID") int pid,
        @picocli.CommandLine.Option(names = "--target-pid") Integer target) {}
  }

  @Test
  void completesPidsOfRunningFuzzersForPidParameters() throws IOException {
    picocli.CommandLine model = new picocli.CommandLine(new Fake());
    CommandCompleter c = new CommandCompleter(model,
        () -> java.util.Map.of(4242, "afl-fuzz -M main", 4243, "target ./h of afl-fuzz 4242"));
    for (String line : List.of("attach ", "attach 1 --target-pid ")) {
      ParsedLine parsed = new DefaultParser().parse(line, line.length(),
          Parser.ParseContext.COMPLETE);
      List<Candidate> got = new ArrayList<>();
      c.complete(null, parsed, got);
      assertEquals(List.of("4242", "4243"), got.stream().map(Candidate::value).sorted().toList(),
          line);
      assertTrue(got.stream().anyMatch(x -> "afl-fuzz -M main".equals(x.descr())));
    }
  }

  @Test
  void findsRunningFuzzerPidsInProc() {
    // live /proc: whatever runs, the scan must not fail, and every pid it names exists
    java.util.Map<Integer, String> pids = new FuzzerPids(dev.fuzzprof.acquire.proc.ProcFs.live())
        .find();
    pids.keySet().forEach(p -> assertTrue(p > 0));
  }

  @Test
  void completesPaths() throws IOException {
    String dir = Repo.root().resolve("sample-traces") + "/afl-sh";
    List<String> got = complete("analyze " + dir);
    assertTrue(got.stream().anyMatch(v -> v.endsWith("afl-shmem.strace")), got.toString());
  }
}
