package dev.fuzzprof.parse.afl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.parse.Fixtures;
import org.junit.jupiter.api.Test;

class AflBuildParserTest {
  @Test
  void readsTheColouredBannerOfAflPlusPlus() {
    AflBuild b = AflBuildParser.parse(Fixtures.text("launch/afl-fuzz-4.04c-banner.txt"), false)
        .orElseThrow();
    assertEquals(AflBuild.Flavour.AFLPLUSPLUS, b.flavour());
    assertEquals("4.04c", b.version());
    assertTrue(b.bindsWithB());
    assertFalse(b.finalSync());
  }

  @Test
  void readsTheBannerOfTheOriginalAfl() {
    // the first line AFL 2.57b prints (its usage follows)
    AflBuild b = AflBuildParser.parse("afl-fuzz 2.57b by <lcamtuf@google.com>\n\n"
        + "afl-fuzz [ options ] -- /path/to/fuzzed_app [ ... ]\n", true).orElseThrow();
    assertEquals(AflBuild.Flavour.AFL, b.flavour());
    assertEquals("2.57b", b.version());
    assertFalse(b.bindsWithB());
    assertFalse(b.finalSync(), "AFL 2.x has no AFL_FINAL_SYNC whatever its bytes say");
  }

  @Test
  void somethingElseIsNoBuild() {
    assertTrue(AflBuildParser.parse("Usage: cat [OPTION]... [FILE]...", false).isEmpty());
    assertTrue(AflBuildParser.parse("", false).isEmpty());
  }
}
