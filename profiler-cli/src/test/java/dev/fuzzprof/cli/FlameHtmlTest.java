package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fuzzprof.parse.profile.CollapsedStacksParser;
import dev.fuzzprof.render.FlameGraphHtml;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flame graph is one self-contained HTML file, drawn by async-profiler's converter, that a
 * browser draws with kernel frames in another colour than the target's.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FlameHtmlTest {
  static final String STACKS = String.join("\n",
      "main;decode 39",
      "main;__GI___libc_open;entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k];__x64_sys_openat_[k];"
          + "do_sys_openat2_[k];do_filp_open_[k];path_openat_[k] 20",
      "main;__GI_read;entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k];ksys_read_[k];vfs_read_[k] 10",
      "main;raise;entry_SYSCALL_64_after_hwframe_[k];do_syscall_64_[k];exit_to_user_mode_loop_[k];"
          + "get_signal_[k];do_signal_stop_[k] 26",
      "main;odd</script><b>&\"name 5");

  static String html() {
    return FlameGraphHtml.render("fuzzprof flame: test - perf, 2 s",
        CollapsedStacksParser.parse(STACKS).stacks());
  }

  @Test
  void selfContainedWithTheFramesAndTheirTypes() {
    String h = html();
    // async-profiler's page links to its project in the header and loads nothing
    assertFalse(Pattern.compile("(?i)<(script|img|link|iframe)[^>]*\\s(src|href)=").matcher(h).find(),
        "loads a resource");
    assertFalse(h.contains("@import"), "loads a style sheet");
    // names are stored with their common prefix cut: the distinctive tails are there
    for (String f : new String[] {"do_sys_openat2", "do_signal_stop", "ksys_read", "decode"}) {
      assertTrue(h.contains(f.substring(f.length() - 6) + "'"), f);
    }
    // A frame name cannot end the script element early: the page's own scripts end it
    // (two in async-profiler's page); the name's "</" is shown as "< /".
    long scripts = Pattern.compile("<script").matcher(h).results().count();
    assertEquals(scripts, h.split("</script>", -1).length - 1);
    assertTrue(h.contains("odd< /script><b>&"), "the odd name is kept, defused");
    assertTrue(h.contains("fuzzprof flame: test - perf, 2 s"), "the title heads the page");
    assertTrue(h.contains("id='search'"), "the search button");
  }

  @Test
  void theTitleIsEscaped() {
    String h = FlameGraphHtml.render("pid 1 (<b>x</b> & y)",
        CollapsedStacksParser.parse("main 1").stacks());
    assertTrue(h.contains("pid 1 (&lt;b&gt;x&lt;/b&gt; &amp; y)"), h.substring(0, 2000));
  }

  @Test
  void headlessChromiumDrawsIt(@TempDir Path tmp) throws Exception {
    Path page = tmp.resolve("flame.html");
    Files.writeString(page, html());
    BufferedImage img = Chromium.screenshot(page, tmp.resolve("flame.png"), 1200, 800, tmp);
    assertEquals(1200, img.getWidth());
    Set<Integer> colours = new HashSet<>();
    boolean kernel = false;
    boolean user = false;
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        // the converter's kernel colour #e17d00 and native colour #e15a5a, each plus up to 30
        // (40 for native's green and blue) at random
        kernel |= r > 200 && g >= 0x7d && g < 0x7d + 31 && b <= 30;
        user |= r > 200 && g >= 0x5a && g < 0x5a + 41 && b >= 0x5a && b < 0x5a + 41;
      }
    }
    assertTrue(colours.size() > 20, "a blank page: " + colours.size() + " colours");
    assertTrue(kernel, "no kernel-coloured frame drawn");
    assertTrue(user, "no native-coloured (the target's own) frame drawn");
  }
}
