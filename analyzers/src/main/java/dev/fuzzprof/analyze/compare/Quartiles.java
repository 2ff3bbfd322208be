package dev.fuzzprof.analyze.compare;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * The median and the first and third quartiles of a sample, by linear interpolation between
 * order statistics (Hyndman and Fan's type 7: what numpy.percentile and R's quantile do by
 * default), through commons-math's {@link Percentile} with {@code R_7}.
 */
public record Quartiles(double q1, double median, double q3) {

  public static Quartiles of(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
    p.setData(values.clone());
    return new Quartiles(p.evaluate(25), p.evaluate(50), p.evaluate(75));
  }
}
