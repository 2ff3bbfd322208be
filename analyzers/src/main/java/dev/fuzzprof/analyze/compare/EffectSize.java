package dev.fuzzprof.analyze.compare;

import java.util.Locale;

/**
 * The Vargha-Delaney A12: the probability that a trial of the first arm has a higher value than
 * one of the second, ties counted half. 0.5 is no effect; the magnitude word depends on how far
 * it is from 0.5 either way, at FuzzBench's thresholds (A12 above 0.556, 0.638, 0.714, or below
 * 0.444, 0.362, 0.286).
 */
public record EffectSize(double a12, Magnitude magnitude) {

  /** How large an effect is. */
  public enum Magnitude {
    NEGLIGIBLE,
    SMALL,
    MEDIUM,
    LARGE;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** From U of the first sample (its wins plus half its ties) and the two sizes. */
  public static EffectSize of(double u1, int n1, int n2) {
    double a12 = u1 / ((double) n1 * n2);
    return new EffectSize(a12, magnitude(a12));
  }

  /** The word for an A12: |A12 - 0.5| above 0.214 large, 0.138 medium, 0.056 small. */
  public static Magnitude magnitude(double a12) {
    // rounded to 9 places so that 0.556 - 0.5 is not read as a hair above 0.056
    double d = Math.round(Math.abs(a12 - 0.5) * 1e9) / 1e9;
    if (d > 0.214) {
      return Magnitude.LARGE;
    }
    if (d > 0.138) {
      return Magnitude.MEDIUM;
    }
    if (d > 0.056) {
      return Magnitude.SMALL;
    }
    return Magnitude.NEGLIGIBLE;
  }
}
