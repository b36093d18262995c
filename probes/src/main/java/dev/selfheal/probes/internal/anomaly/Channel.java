package dev.selfheal.probes.internal.anomaly;

/**
 * One view of a stream that the detector learns the shape of: a feature of the raw value (the value, its
 * change, a fast and a slow smoothed level, its logarithm), quantized by a {@link DoublingGrid}, its recent sequences
 * counted by a {@link ContextTable}. {@link #observe} answers how novel the newest sample looks in this
 * view, in [0, 1]:
 *
 * <ul>
 *   <li>the fraction of the sequences ending with the newest bin (lengths 1 to the order) never seen, and
 *   <li>at least {@code 0.5 + 0.5 (1 - e^{-excess / extremeScale})} when the feature leaves the range seen so
 *       far, {@code excess} being how far outside it lies as a fraction of that range: a new extreme is
 *       novel even when its bin is not.
 * </ul>
 *
 * When the grid doubles, the table forgets: its bins meant other intervals. Not thread-safe.
 */
final class Channel {

  /** What the channel looks at. */
  enum Feature {
    /** The value itself. */
    VALUE,
    /** The change since the previous sample (0 for the first). */
    DIFFERENCE,
    /** An exponentially weighted mean with weight 1/8 on the newest sample: a level, without the noise. */
    SMOOTHED,
    /** {@code sign(x) ln(1 + |x|)}: resolution where heavy-tailed counts spend their time. */
    LOG,
    /** An exponentially weighted mean with weight 1/32: the slow level, for drifts and plateaus. */
    SLOW
  }

  private static final double SMOOTHING = 0.125;
  private static final double SLOW_SMOOTHING = 1.0 / 32;

  private final Feature feature;
  private final DoublingGrid grid;
  private final ContextTable table;
  private final double extremeScale;
  private double previous = Double.NaN;
  private double smoothed = Double.NaN;
  private double min = Double.NaN;
  private double max = Double.NaN;

  Channel(Feature feature, int bits, int order, int tableBits, int minCount, double extremeScale) {
    this.feature = feature;
    this.grid = new DoublingGrid(1 << bits);
    this.table = new ContextTable(order, tableBits, minCount);
    this.extremeScale = extremeScale;
  }

  double observe(double value) {
    double x = transform(value);
    if (grid.fit(x)) {
      table.forget();
    }
    if (grid.undefined()) {
      return 0;
    }
    double novelty = table.observe(grid.bin(x));
    if (Double.isNaN(min)) {
      min = x;
      max = x;
    }
    if (x > max || x < min) { // rare once the range is known: the division and exp stay off the common path
      double excess = max > min ? Math.max(x - max, min - x) / (max - min) : 0;
      min = Math.min(min, x);
      max = Math.max(max, x);
      if (excess > 0) {
        novelty = Math.max(novelty, 0.5 + 0.5 * (1 - Math.exp(-excess / extremeScale)));
      }
    }
    return novelty;
  }

  private double transform(double value) {
    switch (feature) {
      case DIFFERENCE: {
        double d = Double.isNaN(previous) ? 0 : value - previous;
        previous = value;
        return d;
      }
      case SMOOTHED:
        smoothed = Double.isNaN(smoothed) ? value : smoothed + SMOOTHING * (value - smoothed);
        return smoothed;
      case LOG:
        return Math.signum(value) * Math.log(1 + Math.abs(value)); // log is an intrinsic, log1p is not
      case SLOW:
        smoothed = Double.isNaN(smoothed) ? value : smoothed + SLOW_SMOOTHING * (value - smoothed);
        return smoothed;
      case VALUE:
      default:
        return value;
    }
  }
}
