package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Headless Chromium draws a page the way a person would see it: the one screenshot helper of
 * the HTML tests (the test is skipped when Chromium is not installed). With
 * {@code -Dfuzzprof.keepScreenshot=FILE} the PNG is kept.
 */
final class Chromium {
  private Chromium() {}

  /** A screenshot of {@code page} at width x height, written to {@code png}. */
  static BufferedImage screenshot(Path page, Path png, int width, int height, Path work)
      throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    assumeTrue(Files.isExecutable(chromium), "chromium is not installed");
    Path log = work.resolve(png.getFileName() + ".chromium.log");
    ProcessBuilder pb = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--hide-scrollbars",
        "--user-data-dir=" + work.resolve("chromium-profile"), "--screenshot=" + png,
        "--window-size=" + width + "," + height, page.toUri().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    try {
      assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish in 90 s");
    } finally {
      p.destroyForcibly();
    }
    assertTrue(Files.exists(png), "no screenshot: " + Files.readString(log));
    String keep = System.getProperty("fuzzprof.keepScreenshot");
    if (keep != null) {
      Files.copy(png, Path.of(keep), StandardCopyOption.REPLACE_EXISTING);
    }
    return ImageIO.read(png.toFile());
  }
}
