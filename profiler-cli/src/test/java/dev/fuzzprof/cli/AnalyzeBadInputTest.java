package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: one clear line on stderr and a non-zero exit, never a stack trace. */
class AnalyzeBadInputTest {
  @TempDir Path dir;

  @Test
  void missingFile() {
    CliRun r = CliRun.of("analyze", dir.resolve("nope.strace").toString());
    assertEquals(Exits.DATA, r.code());
    assertTrue(r.oneCleanErrorLine(), r.err());
    assertTrue(r.err().startsWith("fuzzprof analyze: "), r.err());
    assertTrue(r.err().contains("no such file"), r.err());
  }

  @Test
  void directory() {
    CliRun r = CliRun.of("analyze", dir.toString());
    assertEquals(Exits.DATA, r.code());
    assertTrue(r.oneCleanErrorLine(), r.err());
    assertTrue(r.err().contains("is a directory"), r.err());
  }

  @Test
  void binaryGarbage() throws Exception {
    byte[] junk = new byte[4096];
    new Random(7).nextBytes(junk);
    Path f = Files.write(dir.resolve("garbage.bin"), junk);
    CliRun r = CliRun.of("analyze", f.toString());
    assertEquals(Exits.DATA, r.code());
    assertTrue(r.oneCleanErrorLine(), r.err());
    assertTrue(r.err().contains("binary"), r.err());
  }

  @Test
  void textWithoutSyscalls() throws Exception {
    Path f = Files.writeString(dir.resolve("notes.txt"), "hello\nthis is not a trace\n");
    CliRun r = CliRun.of("analyze", f.toString());
    assertEquals(Exits.DATA, r.code());
    assertTrue(r.oneCleanErrorLine(), r.err());
    assertTrue(r.err().contains("no syscalls"), r.err());
  }

  @Test
  void emptyFile() throws Exception {
    Path f = Files.writeString(dir.resolve("empty.strace"), "");
    CliRun r = CliRun.of("analyze", f.toString());
    assertEquals(Exits.DATA, r.code());
    assertTrue(r.err().contains("is empty"), r.err());
  }

  @Test
  void missingArgumentIsAUsageError() {
    CliRun r = CliRun.of("analyze");
    assertEquals(Exits.USAGE, r.code());
    assertTrue(r.err().contains("Missing required parameter"), r.err());
    assertTrue(r.err().contains("--help"), r.err());
    assertTrue(!r.err().contains("Exception"), r.err());
  }

  @Test
  void unknownFormatIsAUsageError() throws Exception {
    Path f = Files.writeString(dir.resolve("t.strace"), "getpid() = 1\n");
    CliRun r = CliRun.of("analyze", f.toString(), "--format", "xml");
    assertEquals(Exits.USAGE, r.code());
    assertTrue(r.err().contains("xml"), r.err());
  }

  @Test
  void helpTeachesHowToRecordATrace() {
    CliRun r = CliRun.of("analyze", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("strace -f -ttt -T -o trace.txt -p PID"), r.out());
    assertTrue(r.out().contains("--format"), r.out());
  }
}
