package dev.fuzzprof.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fuzzprof scale --from} on the bundled real run (sample-traces/scale: AFL++ 4.04c, 1 and 2
 * instances of the libjpeg harness), and scale's usage errors. The figures checked are the ones
 * the test recomputes from the steps' own execs/s: efficiency is the step's execs/s over N times
 * the 1-instance step's.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScaleCommandTest {
  static final Path SAMPLE = Repo.sample("scale");

  static JsonNode saved() throws Exception {
    return new ObjectMapper().readTree(SAMPLE.resolve("fuzzprof-scale.json").toFile());
  }

  @Test
  void jsonHasTheStepsWithEfficiencyAgainstTheOneInstanceStep() throws Exception {
    CliRun r = CliRun.of("scale", "--from", SAMPLE.toString(), "--format", "json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    JsonNode steps = j.get("steps");
    assertEquals(2, steps.size());
    for (JsonNode s : steps) {
      for (String k : List.of("instances", "execsPerSec", "scalingEfficiency", "kernelPercent",
          "cpus")) {
        assertTrue(s.has(k), "step key " + k + ": " + s);
      }
    }
    double one = steps.get(0).get("execsPerSec").asDouble();
    double two = steps.get(1).get("execsPerSec").asDouble();
    assertEquals(1, steps.get(0).get("instances").asInt());
    assertEquals(2, steps.get(1).get("instances").asInt());
    assertEquals(1.0, steps.get(0).get("scalingEfficiency").asDouble(), 1e-9);
    assertEquals(two / (2 * one), steps.get(1).get("scalingEfficiency").asDouble(), 1e-6);
    assertEquals(one, j.get("baseline").get("execsPerSec").asDouble(), 1e-6);
    assertEquals(2, steps.get(1).get("cpus").size(), "two instances on two CPUs");
    // below 80% of linear, the knee is the last count at 80% or more: 1 here
    assertTrue(two / (2 * one) < 0.8, "the recorded run is below 80%: " + two / (2 * one));
    assertEquals(1, j.get("knee").asInt());
    assertEquals(2, j.get("best").asInt());
    assertTrue(j.get("findings").toString().contains("scaling-below-linear"), j.toString());
    // what scale re-renders is what it saved: the same steps, nothing recomputed differently
    assertEquals(saved().get("steps"), steps);
  }

  @Test
  void textShowsEachStepAndTheLinearFigure() throws Exception {
    CliRun r = CliRun.of("scale", "--from", SAMPLE.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode steps = saved().get("steps");
    double one = steps.get(0).get("execsPerSec").asDouble();
    double two = steps.get(1).get("execsPerSec").asDouble();
    String eff = String.format(Locale.ROOT, "%.1f%%", 100 * two / (2 * one));
    String linear = String.format(Locale.ROOT, "%,.0f", 2 * one);
    assertTrue(Pattern.compile("(?m)^\\s+2\\s+[\\d,]+\\s+" + Pattern.quote(linear) + "\\s+"
        + Pattern.quote(eff)).matcher(r.out()).find(), "step 2 line with " + linear + " and "
        + eff + ":\n" + r.out());
    assertTrue(r.out().contains("[scaling-below-linear]"), r.out());
    assertTrue(r.out().contains("baseline:"), r.out());
  }

  @Test
  void headlessChromiumDrawsTheCurveAndTheKernelBars(@TempDir Path tmp) throws Exception {
    Path html = tmp.resolve("scale.html");
    CliRun r = CliRun.of("scale", "--from", SAMPLE.toString(), "--format", "html", "--out",
        html.toString());
    assertEquals(0, r.code(), r.err());
    String h = Files.readString(html);
    assertFalse(Pattern.compile("(?i)<(script|img|link|iframe)").matcher(h).find(), "loads");
    assertEquals(2, h.split("class=\"step\"", -1).length - 1, "a point per step");
    assertEquals(2, h.split("class=\"kbar\"", -1).length - 1, "a kernel bar per step");
    BufferedImage img = Chromium.screenshot(html, tmp.resolve("scale.png"), 1000, 900, tmp);
    int curve = 0;
    List<Integer> kernelRows = new ArrayList<>();
    for (int y = 0; y < img.getHeight(); y++) {
      int inRow = 0;
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        if (near(rgb, 0x1f77b4, 12)) {
          curve++;
        } else if (near(rgb, 0xd62728, 12)) {
          inRow++;
        }
      }
      kernelRows.add(inRow);
    }
    assertTrue(curve > 100, "the measured curve and its points drawn: " + curve + " pixels");
    // The kernel bars are 5 px per percent: 68.3% and 60.0% make bars of about 341 and 300 px.
    // The widest red row is the first bar; 10 px of slack for antialiasing of its ends.
    double k1 = saved().get("steps").get(0).get("kernelPercent").asDouble();
    int widest = kernelRows.stream().mapToInt(Integer::intValue).max().orElse(0);
    assertEquals(5 * k1, widest, 10, "the 1-instance kernel bar");
  }

  @Test
  void badInputIsOneLine(@TempDir Path tmp) {
    CliRun missing = CliRun.of("scale", "--from", tmp.resolve("nothing").toString());
    assertEquals(Exits.DATA, missing.code());
    assertTrue(missing.oneCleanErrorLine(), missing.err());

    CliRun noSeeds = CliRun.of("scale", "--", "/bin/true");
    assertEquals(Exits.USAGE, noSeeds.code());
    assertTrue(noSeeds.oneCleanErrorLine(), noSeeds.err());
    assertTrue(noSeeds.err().contains("-i IN -o OUT"), noSeeds.err());

    CliRun both = CliRun.of("scale", "--instances", "1,2", "--max", "2", "-i", tmp.toString(),
        "-o", tmp.resolve("out").toString(), "--", "/bin/true");
    assertEquals(Exits.USAGE, both.code());
    assertTrue(both.oneCleanErrorLine(), both.err());
  }

  @Test
  void aFileThatIsNotAScaleReportIsOneLine(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("fuzzprof-scale.json"), "{\"steps\": 12");
    CliRun r = CliRun.of("scale", "--from", tmp.toString());
    assertEquals(Exits.DATA, r.code());
    assertTrue(r.oneCleanErrorLine(), r.err());
  }

  static boolean near(int rgb, int want, int tol) {
    return Math.abs(((rgb >> 16) & 0xff) - ((want >> 16) & 0xff)) <= tol
        && Math.abs(((rgb >> 8) & 0xff) - ((want >> 8) & 0xff)) <= tol
        && Math.abs((rgb & 0xff) - (want & 0xff)) <= tol;
  }
}
