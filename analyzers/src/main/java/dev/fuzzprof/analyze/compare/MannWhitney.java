package dev.fuzzprof.analyze.compare;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * The two-sided Mann-Whitney U test of two independent samples. Ranks (ties get their average
 * rank) and the normal distribution come from commons-math; its own {@code MannWhitneyUTest} is a
 * plain normal approximation, so the test is put together here the way scipy's
 * {@code mannwhitneyu} does it by default:
 *
 * <ul>
 *   <li>{@link Method#EXACT} when a sample has 8 values or fewer and no value occurs twice: the
 *       exact distribution of U, counted;
 *   <li>{@link Method#NORMAL} otherwise: the normal approximation with the tie correction of the
 *       variance and a continuity correction of 0.5.
 * </ul>
 *
 * @param u U of the first sample: the pairs it wins, plus half the ties
 * @param pValue two-sided, 0 to 1
 */
public record MannWhitney(double u, double pValue, Method method) {

  /** How the p-value was found. */
  public enum Method {
    EXACT("exact"),
    NORMAL("normal approximation, tie and continuity corrected");

    private final String words;

    Method(String words) {
      this.words = words;
    }

    @Override
    public String toString() {
      return words;
    }
  }

  /** The largest sample the exact distribution is used for (the smaller of the two). */
  static final int EXACT_MAX = 8;

  private static final NormalDistribution NORMAL_01 = new NormalDistribution(null, 0, 1,
      NormalDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);

  public static MannWhitney test(double[] a, double[] b) {
    int n1 = a.length;
    int n2 = b.length;
    if (n1 == 0 || n2 == 0) {
      throw new IllegalArgumentException("an empty sample");
    }
    double[] all = new double[n1 + n2];
    System.arraycopy(a, 0, all, 0, n1);
    System.arraycopy(b, 0, all, n1, n2);
    double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(all);
    double r1 = 0;
    for (int i = 0; i < n1; i++) {
      r1 += ranks[i];
    }
    double u1 = r1 - n1 * (n1 + 1) / 2.0;
    double u = Math.max(u1, (double) n1 * n2 - u1);
    double tieTerm = tieTerm(all);
    double p;
    Method method;
    if (Math.min(n1, n2) <= EXACT_MAX && tieTerm == 0) {
      method = Method.EXACT;
      p = 2 * upperTail(n1, n2, (int) Math.round(u));
    } else {
      method = Method.NORMAL;
      int n = n1 + n2;
      double variance = n1 * (double) n2 / 12.0 * ((n + 1) - tieTerm / ((double) n * (n - 1)));
      if (variance <= 0) {
        p = 1; // every value the same: nothing tells the samples apart
      } else {
        double z = (u - n1 * (double) n2 / 2.0 - 0.5) / Math.sqrt(variance);
        p = 2 * NORMAL_01.cumulativeProbability(-z);
      }
    }
    return new MannWhitney(u1, Math.min(1, Math.max(0, p)), method);
  }

  /** The sum of t^3 - t over groups of t equal values; 0 when no value occurs twice. */
  static double tieTerm(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    double sum = 0;
    int i = 0;
    while (i < s.length) {
      int j = i;
      while (j + 1 < s.length && s[j + 1] == s[i]) {
        j++;
      }
      double t = j - i + 1;
      sum += t * t * t - t;
      i = j + 1;
    }
    return sum;
  }

  /**
   * P(U >= u) when there are no ties, for samples of n1 and n2 values: the number of orderings
   * of the two samples with U = k is the coefficient of q^k in the Gaussian binomial
   * [n1 + n2, m] (m the smaller size), the product over i = 1..m of (1 - q^(n + i)) / (1 - q^i),
   * n the larger size; divided by C(n1 + n2, m).
   */
  static double upperTail(int n1, int n2, int u) {
    int m = Math.min(n1, n2);
    int n = Math.max(n1, n2);
    int max = m * n;
    double[] c = new double[max + 1];
    c[0] = 1;
    for (int i = 1; i <= m; i++) {
      int k = n + i;
      for (int d = max; d >= k; d--) {
        c[d] -= c[d - k]; // times (1 - q^(n+i))
      }
      for (int d = i; d <= max; d++) {
        c[d] += c[d - i]; // divided by (1 - q^i)
      }
    }
    double total = 0;
    double tail = 0;
    for (int k = 0; k <= max; k++) {
      total += c[k];
      if (k >= u) {
        tail += c[k];
      }
    }
    return tail / total;
  }
}
