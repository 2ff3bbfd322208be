package dev.fuzzprof.analyze.top;

/** How an afl-fuzz instance was started: {@code -M}, {@code -S}, or alone. */
public enum Role {
  MAIN,
  SECONDARY,
  SINGLE;

  /** The role named by an afl-fuzz command line (its options end at {@code --}). */
  public static Role ofArgs(java.util.List<String> args) {
    for (String a : args) {
      if (a.equals("--")) {
        break;
      }
      if (a.startsWith("-M")) {
        return MAIN;
      }
      if (a.startsWith("-S")) {
        return SECONDARY;
      }
    }
    return SINGLE;
  }

  public String flag() {
    return switch (this) {
      case MAIN -> "-M";
      case SECONDARY -> "-S";
      case SINGLE -> "";
    };
  }
}
