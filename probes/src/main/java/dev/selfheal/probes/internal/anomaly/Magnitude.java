package dev.selfheal.probes.internal.anomaly;

/**
 * How far a sample lies from the stream's recent level, as a weight in [0.7, 1]: {@code 0.7 + 0.3 (1 -
 * e^{-z/3})} with {@code z = |x - level| / deviation}, where level and deviation are exponentially weighted
 * (weight 0.01, a memory of about 100 samples) mean and mean absolute deviation. The first sample and a
 * stream that has never moved weigh 0.7; a move off a flat line weighs as z = 10. Not thread-safe.
 */
final class Magnitude {
  private static final double FLOOR = 0.7;
  private static final double SCALE = 3;
  private static final double ALPHA = 0.01;
  private static final double OFF_A_FLAT_LINE = 10;

  private double level = Double.NaN;
  private double deviation;

  double weight(double x) {
    if (Double.isNaN(level)) {
      level = x;
    }
    double d = Math.abs(x - level);
    double z = deviation > 0 ? d / deviation : (d > 0 ? OFF_A_FLAT_LINE : 0);
    level += ALPHA * (x - level);
    deviation += ALPHA * (d - deviation);
    if (deviation < Double.MIN_NORMAL) {
      deviation = 0; // a flat line decays it geometrically; subnormal arithmetic is slow
    }
    return FLOOR + (1 - FLOOR) * (1 - Math.exp(-z / SCALE));
  }
}
