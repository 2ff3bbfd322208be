package dev.fuzzprof.parse.afl;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads which afl-fuzz printed a banner: AFL++ prints {@code afl-fuzz++4.04c based on afl ...},
 * AFL 2.x {@code afl-fuzz 2.57b by <lcamtuf@google.com>}, both coloured when on a terminal.
 */
public final class AflBuildParser {
  private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*[A-Za-z]");
  private static final Pattern PLUSPLUS = Pattern.compile("afl-fuzz\\+\\+\\s*([0-9][0-9A-Za-z._-]*)");
  private static final Pattern CLASSIC = Pattern.compile("afl-fuzz\\s+([0-9]+\\.[0-9]+[a-z]?)\\b");

  private AflBuildParser() {}

  /** The build the banner names, or empty when the text names none. */
  public static Optional<AflBuild> parse(String banner, boolean finalSync) {
    String text = ANSI.matcher(banner).replaceAll("");
    Matcher m = PLUSPLUS.matcher(text);
    if (m.find()) {
      return Optional.of(new AflBuild(AflBuild.Flavour.AFLPLUSPLUS, m.group(1), finalSync));
    }
    m = CLASSIC.matcher(text);
    if (m.find()) {
      return Optional.of(new AflBuild(AflBuild.Flavour.AFL, m.group(1), false));
    }
    return Optional.empty();
  }
}
