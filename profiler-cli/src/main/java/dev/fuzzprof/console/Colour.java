package dev.fuzzprof.console;

import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp;

/** Whether to colour: the terminal can, NO_COLOR is unset, and output goes to a terminal. */
public final class Colour {
  private Colour() {}

  public static boolean wanted(Terminal t) {
    String noColor = System.getenv("NO_COLOR");
    if (noColor != null && !noColor.isEmpty()) {
      return false;
    }
    if (t == null || Terminal.TYPE_DUMB.equals(t.getType())
        || Terminal.TYPE_DUMB_COLOR.equals(t.getType())) {
      return false;
    }
    Integer colours = t.getNumericCapability(InfoCmp.Capability.max_colors);
    return colours != null && colours >= 8 && System.console() != null;
  }
}
