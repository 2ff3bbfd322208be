package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * compare's page is self-contained, and a browser draws it: both arms' median curves and IQR
 * bands, and a dot per trial, with the arm that made more executions drawn higher.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CompareHtmlTest {
  /** The arms' colours: median lines and dots (CompareReportHtml.COLORS). */
  static final int A = 0x1f77b4;
  static final int B = 0xff7f0e;

  static Path page(Path tmp) throws Exception {
    Path html = tmp.resolve("compare.html");
    String[] args = CompareCommandTest.args("--metric", "execs", "--format", "html", "--out",
        html.toString());
    CliRun r = CliRun.of(args);
    assertEquals(0, r.code(), r.err());
    return html;
  }

  @Test
  void selfContainedWithEveryTrial(@TempDir Path tmp) throws Exception {
    String h = Files.readString(page(tmp));
    assertFalse(Pattern.compile("(?i)<(script|img|link|iframe)").matcher(h).find(), "loads");
    assertFalse(h.contains("http://") || h.contains("https://"), "an external URL");
    int trials = CompareCommandTest.trials("shmem").size()
        + CompareCommandTest.trials("forkserver").size();
    assertEquals(trials, h.split("class=\"trial\"", -1).length - 1, "one dot per trial");
    assertEquals(2, h.split("class=\"iqr\"", -1).length - 1, "a band per arm");
    assertEquals(2, h.split("class=\"median\"", -1).length - 1, "a median curve per arm");
    assertTrue(h.contains("few-trials"), "the warnings are on the page");
  }

  @Test
  void headlessChromiumDrawsBothArms(@TempDir Path tmp) throws Exception {
    Path html = page(tmp);
    BufferedImage img = Chromium.screenshot(html, tmp.resolve("compare.png"), 1100, 900, tmp);
    // the band: the arm's colour at 30% over the chart's #fafafa
    int bandA = blend(A, 0xfafafa, 0.3);
    List<int[]> lineA = new ArrayList<>();
    List<int[]> lineB = new ArrayList<>();
    int band = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        if (near(rgb, A, 12)) {
          lineA.add(new int[] {x, y});
        } else if (near(rgb, B, 12)) {
          lineB.add(new int[] {x, y});
        } else if (near(rgb, bandA, 6)) {
          band++;
        }
      }
    }
    assertTrue(lineA.size() > 200, "arm A drawn: " + lineA.size() + " pixels");
    assertTrue(lineB.size() > 200, "arm B drawn: " + lineB.size() + " pixels");
    assertTrue(band > 300, "arm A's IQR band drawn: " + band + " pixels");
    // In the curve chart, A (shared memory, many more execs) is drawn above B. Looked at in the
    // right half of its plot area (page margin 20 px + the svg's left axis 80 px; plot 520 px
    // wide), away from the legend at its top left and from the dots' chart beside it.
    double ya = meanY(lineA, 20 + 80 + 260, 20 + 600);
    double yb = meanY(lineB, 20 + 80 + 260, 20 + 600);
    assertTrue(ya > 0 && yb > 0, "both curves in the right half: " + ya + ", " + yb);
    assertTrue(ya < yb, "A's curve above B's: mean y " + ya + " vs " + yb);
  }

  static int blend(int fg, int bg, double alpha) {
    int out = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      double c = alpha * (fg >> shift & 0xff) + (1 - alpha) * (bg >> shift & 0xff);
      out |= (int) Math.round(c) << shift;
    }
    return out;
  }

  static boolean near(int rgb, int want, int tol) {
    for (int shift = 16; shift >= 0; shift -= 8) {
      if (Math.abs((rgb >> shift & 0xff) - (want >> shift & 0xff)) > tol) {
        return false;
      }
    }
    return true;
  }

  static double meanY(List<int[]> px, int minX, int maxX) {
    return px.stream().filter(p -> p[0] >= minX && p[0] < maxX).mapToInt(p -> p[1]).average()
        .orElse(-1);
  }
}
