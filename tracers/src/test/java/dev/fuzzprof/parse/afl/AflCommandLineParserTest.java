package dev.fuzzprof.parse.afl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class AflCommandLineParserTest {
  @Test
  void argvWithJoinedAndSeparateValues() {
    AflArgs a = AflCommandLineParser.parse(List.of("afl-fuzz", "-i", "in", "-osync", "-S", "s1",
        "-b", "3", "--", "./t", "-o", "x"));
    assertEquals("sync", a.outDir());
    assertEquals("s1", a.name());
    assertEquals(Role.SECONDARY, a.role());
    assertEquals("in", a.inputDir());
    assertEquals(3, a.boundCpu());
    assertEquals(List.of("./t", "-o", "x"), a.target());
  }

  @Test
  void fuzzerStatsCommandLineAndDefaults() {
    AflArgs a = AflCommandLineParser.parse("afl-fuzz -i - -o out -- ./target @@");
    assertEquals("default", a.name());
    assertEquals(Role.SINGLE, a.role());
    assertEquals("-", a.inputDir());
    assertNull(a.boundCpu());
    assertEquals(List.of("./target", "@@"), a.target());
    assertEquals(Role.UNKNOWN, AflCommandLineParser.parse((String) null).role());
    assertEquals(Role.MAIN, AflCommandLineParser.parse("afl-fuzz -M m -o o -- t").role());
  }

  @Test
  void timeAndExecLimitsTakeAValue() {
    // the bundled compare trials' fuzzer_stats (sample-traces/record-compare.sh)
    AflArgs a = AflCommandLineParser.parse(
        "afl-fuzz -V 90 -i in -o shmem-1 -- /work/wt-compare/targets/build/afl_shmem");
    assertEquals("in", a.inputDir());
    assertEquals(List.of("/work/wt-compare/targets/build/afl_shmem"), a.target());
    AflArgs e = AflCommandLineParser.parse("afl-fuzz -E 100000 -i in -o o ./t @@");
    assertEquals(List.of("./t", "@@"), e.target());
  }

  @Test
  void fuzzerSetupQuotedWords() {
    FuzzerSetup s = FuzzerSetupParser.parse("# environment variables:\nAFL_NO_AFFINITY=1\n"
        + "AFL_NO_UI=1\n# command line:\n'afl-fuzz' '-i' 'in dir' '-o' 'o1' '-S' 's1' '--'"
        + " './shm1000'\n");
    assertEquals("1", s.environment().get("AFL_NO_AFFINITY"));
    assertEquals(List.of("afl-fuzz", "-i", "in dir", "-o", "o1", "-S", "s1", "--", "./shm1000"),
        s.argv());
    assertEquals("in dir", AflCommandLineParser.parse(s.argv()).inputDir());
  }
}
