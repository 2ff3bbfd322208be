package dev.fuzzprof.parse.afl;

/**
 * Which afl-fuzz is installed: AFL++ (binds itself with {@code -b CPU}) or the original AFL 2.x
 * (no {@code -b}: bound from outside with {@code taskset} and {@code AFL_NO_AFFINITY}).
 *
 * @param version as the banner gives it, e.g. {@code 4.04c} or {@code 2.57b}
 * @param finalSync whether this build knows {@code AFL_FINAL_SYNC} (AFL++ 4.10 and later)
 */
public record AflBuild(Flavour flavour, String version, boolean finalSync) {

  /** The two families of afl-fuzz, which bind to CPUs differently. */
  public enum Flavour {
    AFLPLUSPLUS,
    AFL
  }

  public boolean bindsWithB() {
    return flavour == Flavour.AFLPLUSPLUS;
  }
}
