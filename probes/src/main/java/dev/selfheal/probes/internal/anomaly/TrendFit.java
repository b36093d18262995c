package dev.selfheal.probes.internal.anomaly;

/**
 * Exponentially weighted least-squares fits over time of a line {@code y = a + b u}, a parabola
 * {@code y = a + b u + q u²} and exponentials {@code y = c + A e^{k u}} (one per rate {@code k} of a fixed
 * grid), where {@code u} is the time relative to the newest point, so that each curve's value and derivative
 * at {@code u = 0} are the level and the slope now. The state is the weighted moment sums (up to {@code u⁴},
 * and {@code e^{ku}}, {@code e^{2ku}}, {@code y e^{ku}} per rate); each point shifts their origin to itself
 * (binomial re-centering for the powers, a factor {@code e^{-kΔ}} for the exponentials), decays them by
 * {@code e^{-Δ/memory}} and adds itself: O(1), no allocation.
 *
 * <p>Time is kept in units of the memory, so the sums stay near 1 whatever the time scale (no loss of
 * precision in {@code u⁴}). Model choice:
 * <ol>
 *   <li>The line is the default model.
 *   <li>A curve replaces it only when the parabola's curvature is significant: its t statistic exceeds
 *       {@value #CURVATURE_T} with at least {@value #MIN_POINTS_FOR_CURVE} effective points (so noise never
 *       bends a straight leak or a flat sawtooth).
 *   <li>Then the curve is the parabola, unless (for a rising, convex trend) the best exponential of the grid,
 *       whose rates span {@value #MIN_RATE} to {@value #MAX_RATE} per memory, fits clearly better: its
 *       weighted squared error is smaller by more than {@value #EXP_EVIDENCE} residual variances. So an
 *       exponential leak (a cache that grows with what it holds) is extrapolated as exponential once the data
 *       can tell it from a parabola, and a steadily accelerating one stays a parabola.
 * </ol>
 * Not thread-safe.
 */
public final class TrendFit {
  // 3 let spurious curvature bend straight leaks and flat sawtooths (1 in 30 and 1 in 10 seeds); 4 does not.
  private static final double CURVATURE_T = 4.0;
  /**
   * How much better (in residual variances) the exponential must fit than the parabola to be chosen: 9, a
   * three-sigma margin. Without one, noise made ExhaustionForecasterTest's parabolic leak (5 MB noise) look
   * exponential in 10 of 20 seeds, forecasting it up to 59 % early; with 9 it scores as the parabola alone.
   */
  private static final double EXP_EVIDENCE = 9.0;
  private static final double MIN_POINTS_FOR_CURVE = 8.0;
  static final double MIN_RATE = 0.125;
  static final double MAX_RATE = 8.0;
  /** Rates a factor 2^(1/4) apart: the best grid rate is within 9 % of the true one. */
  private static final int RATES = 25;
  private static final double[] RATE = new double[RATES];

  static {
    for (int j = 0; j < RATES; j++) {
      RATE[j] = MIN_RATE * Math.pow(MAX_RATE / MIN_RATE, j / (double) (RATES - 1));
    }
  }

  private final double memorySeconds;
  private double last = Double.NaN;
  private long points;
  // Weighted sums of u^k (s0..s4), u^k y (y0..y2), y², and of the squared weights (w2).
  private double s0;
  private double s1;
  private double s2;
  private double s3;
  private double s4;
  private double y0;
  private double y1;
  private double y2;
  private double yy;
  private double w2;
  // Per rate k: weighted sums of e^{ku}, e^{2ku} and y e^{ku}.
  private final double[] e1 = new double[RATES];
  private final double[] e2 = new double[RATES];
  private final double[] ey = new double[RATES];

  public TrendFit(double memorySeconds) {
    this.memorySeconds = memorySeconds;
  }

  /** The points added so far. */
  public long points() {
    return points;
  }

  /** Adds {@code y} at {@code seconds} (not before the previous point). */
  public void add(double seconds, double y) {
    double t = seconds / memorySeconds;
    if (points > 0) {
      double d = t - last;
      if (d < 0) {
        throw new IllegalArgumentException("time went backwards: " + seconds + " s after "
            + last * memorySeconds + " s");
      }
      recenter(d);
      double decay = Math.exp(-d);
      s0 *= decay;
      s1 *= decay;
      s2 *= decay;
      s3 *= decay;
      s4 *= decay;
      y0 *= decay;
      y1 *= decay;
      y2 *= decay;
      yy *= decay;
      w2 *= decay * decay;
      for (int j = 0; j < RATES; j++) {
        double shift = Math.exp(-RATE[j] * d) * decay;
        e1[j] *= shift;
        ey[j] *= shift;
        e2[j] *= shift * shift / decay;
      }
    }
    last = t;
    points++;
    s0 += 1;
    y0 += y;
    yy += y * y;
    w2 += 1;
    for (int j = 0; j < RATES; j++) {
      e1[j] += 1;
      e2[j] += 1;
      ey[j] += y;
    }
  }

  private void recenter(double d) {
    double d2 = d * d;
    double d3 = d2 * d;
    double d4 = d3 * d;
    // Old points move from u to u - d; expand (u - d)^k.
    s4 = s4 - 4 * d * s3 + 6 * d2 * s2 - 4 * d3 * s1 + d4 * s0;
    s3 = s3 - 3 * d * s2 + 3 * d2 * s1 - d3 * s0;
    s2 = s2 - 2 * d * s1 + d2 * s0;
    s1 = s1 - d * s0;
    y2 = y2 - 2 * d * y1 + d2 * y0;
    y1 = y1 - d * y0;
  }

  /** The weighted least-squares line alone (level now, slope now). */
  public Estimate line() {
    if (points < 2) {
      double level = points == 0 ? 0 : y0 / s0;
      return new Estimate(level, 0, 0, 0, Double.POSITIVE_INFINITY, 0.5);
    }
    double neff = s0 * s0 / w2;
    double meanU = s1 / s0;
    double suu = s2 - s1 * meanU;
    double suy = y1 - s1 * y0 / s0;
    double syy = yy - y0 * y0 / s0;
    if (!(suu > 0)) {
      return new Estimate(y0 / s0, 0, 0, 0, Double.POSITIVE_INFINITY, 0.5);
    }
    double b = suy / suu;
    double a = y0 / s0 - b * meanU;
    double sse = Math.max(0, syy - b * suy);
    double sigma2 = neff > 2 ? sse / s0 * neff / (neff - 2) : 0;
    double seB = Math.sqrt(sigma2 * (w2 / s0) / suu);
    return new Estimate(a, b / memorySeconds, 0, 0, seB / memorySeconds, rising(b, seB));
  }

  /** The current estimate: the line, or the parabola when its curvature is significant. */
  public Estimate estimate() {
    Estimate line = line();
    if (points < 2 || s0 * s0 / w2 < MIN_POINTS_FOR_CURVE) {
      return line;
    }
    double neff = s0 * s0 / w2;
    double varScale = w2 / s0;
    // The parabola: solve the 3x3 normal equations by Cramer's rule.
    double det = det3(s0, s1, s2, s1, s2, s3, s2, s3, s4);
    if (!(Math.abs(det) > 1e-300)) {
      return line;
    }
    double qa = det3(y0, s1, s2, y1, s2, s3, y2, s3, s4) / det;
    double qb = det3(s0, y0, s2, s1, y1, s3, s2, y2, s4) / det;
    double qq = det3(s0, s1, y0, s1, s2, y1, s2, s3, y2) / det;
    double sseQ = Math.max(0, yy - (qa * y0 + qb * y1 + qq * y2));
    double sigma2Q = neff > 3 ? sseQ / s0 * neff / (neff - 3) : 0;
    // Diagonal cofactors of the inverse: [1][1] for b, [2][2] for q.
    double invBb = (s0 * s4 - s2 * s2) / det;
    double invQq = (s0 * s2 - s1 * s1) / det;
    double seQ = Math.sqrt(Math.max(0, sigma2Q * varScale * invQq));
    if (!(seQ > 0) || Math.abs(qq) / seQ <= CURVATURE_T) {
      return line;
    }
    double seQb = Math.sqrt(Math.max(0, sigma2Q * varScale * invBb));
    Estimate parabola = new Estimate(qa, qb / memorySeconds, qq / (memorySeconds * memorySeconds), 0,
        seQb / memorySeconds, rising(qb, seQb));
    if (!(qq > 0 && qb > 0)) {
      return parabola;
    }
    int best = -1;
    double bestSse = sseQ;
    double bestC = 0;
    double bestA = 0;
    for (int j = 0; j < RATES; j++) {
      // y = c + A e^{ku}: the 2x2 normal equations.
      double det2 = s0 * e2[j] - e1[j] * e1[j];
      if (!(det2 > 1e-300)) {
        continue;
      }
      double c = (y0 * e2[j] - e1[j] * ey[j]) / det2;
      double a = (s0 * ey[j] - e1[j] * y0) / det2;
      double sse = yy - c * y0 - a * ey[j];
      if (a > 0 && sse < bestSse) {
        best = j;
        bestSse = sse;
        bestC = c;
        bestA = a;
      }
    }
    if (best < 0 || (sseQ - bestSse) * (neff - 3) <= EXP_EVIDENCE * sseQ) {
      return parabola;
    }
    double k = RATE[best];
    double slope = bestA * k;
    // The slope's error: the parabola's, scaled by the ratio of the residual variances (same parameter count).
    double seE = seQb * Math.sqrt(Math.max(0, bestSse) / Math.max(sseQ, 1e-300));
    return new Estimate(bestC + bestA, slope / memorySeconds, 0, k / memorySeconds, seE / memorySeconds,
        rising(slope, seE));
  }

  private static double det3(double a, double b, double c, double d, double e, double f, double g, double h,
      double i) {
    return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  }

  private static double rising(double slope, double se) {
    if (!(se > 0)) {
      return slope > 0 ? 1 : slope < 0 ? 0 : 0.5;
    }
    return NormalTail.upper(-slope / se);
  }

  /**
   * The fitted curve now, per second.
   *
   * @param level the fitted value now
   * @param slope its derivative now, per second
   * @param curvature the parabola's {@code q} per second squared (0 for a line or an exponential)
   * @param rate the exponential's {@code k} per second (0 for a line or a parabola): the slope grows by
   *     {@code e^{k s}} in {@code s} seconds
   * @param slopeError the slope's standard error, per second
   * @param risingConfidence the probability that the slope is positive
   */
  public record Estimate(double level, double slope, double curvature, double rate, double slopeError,
      double risingConfidence) {

    /**
     * Seconds until the curve with slope {@code slope} (and this curvature) has risen by {@code remaining};
     * 0 if {@code remaining <= 0}; NaN if it never does.
     */
    public double secondsTo(double remaining, double slope) {
      if (remaining <= 0) {
        return 0;
      }
      if (rate > 0) {
        // level + (slope / k)(e^{ks} - 1) = level + remaining
        return slope > 0 ? Math.log1p(remaining * rate / slope) / rate : Double.NaN;
      }
      if (curvature == 0) {
        return slope > 0 ? remaining / slope : Double.NaN;
      }
      // Smallest positive root of curvature s² + slope s - remaining = 0.
      double disc = slope * slope + 4 * curvature * remaining;
      if (disc < 0) {
        return Double.NaN;
      }
      double sq = Math.sqrt(disc);
      double r1 = (-slope + sq) / (2 * curvature);
      double r2 = (-slope - sq) / (2 * curvature);
      double lo = Math.min(r1, r2);
      double hi = Math.max(r1, r2);
      return lo > 0 ? lo : hi > 0 ? hi : Double.NaN;
    }
  }
}
