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

/** The flame graph is one self-contained HTML file that a browser draws. */
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
    return FlameGraphHtml.render("fuzzprof flame: test", "perf, 2 s",
        CollapsedStacksParser.parse(STACKS).stacks());
  }

  @Test
  void selfContainedWithTheFrames() {
    String h = html();
    String noComments = h.replaceAll("(?s)<!--.*?-->", "").replaceAll("(?m)^\\s*//.*$", "");
    assertFalse(Pattern.compile("https?://").matcher(noComments).find(), "external URL in the HTML");
    assertFalse(h.contains(" src="), "loads a resource");
    for (String f : new String[] {"do_sys_openat2", "do_signal_stop", "ksys_read", "decode"}) {
      assertTrue(h.contains("\"" + f + "\""), f);
    }
    // A frame name cannot end the script element early.
    assertEquals(1, h.split("</script>", -1).length - 2);
    assertTrue(h.contains("id=\"search\""));
  }

  @Test
  void headlessChromiumDrawsIt(@TempDir Path tmp) throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    assumeTrue(Files.isExecutable(chromium), "chromium is not installed");
    Path page = tmp.resolve("flame.html");
    Files.writeString(page, html());
    Path png = tmp.resolve("flame.png");
    Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--user-data-dir=" + tmp.resolve("profile"), "--screenshot=" + png,
        "--window-size=1200,800", page.toUri().toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish");
    }
    assertTrue(Files.exists(png), "no screenshot: " + Files.readString(tmp.resolve("chromium.log")));
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(1200, img.getWidth());
    Set<Integer> colours = new HashSet<>();
    boolean orange = false;
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        orange |= r > 200 && g > 60 && g < 190 && b < 110; // a kernel frame's colour
      }
    }
    assertTrue(colours.size() > 20, "a blank page: " + colours.size() + " colours");
    assertTrue(orange, "no kernel-coloured frame drawn");
    String keep = System.getProperty("fuzzprof.keepScreenshot");
    if (keep != null) {
      Files.copy(png, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
