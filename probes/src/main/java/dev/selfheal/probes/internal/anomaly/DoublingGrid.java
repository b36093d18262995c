package dev.selfheal.probes.internal.anomaly;

/**
 * Quantizes a stream into {@code bins} equal bins without knowing its range in advance: the grid starts
 * from the first two distinct values and doubles its width (keeping the edge on the side the new value did
 * not cross) whenever a value falls outside it. Between two doublings a bin always means the same
 * interval, so what a context table learned stays valid; a doubling tells the caller to forget.
 *
 * <p>The number of doublings is bounded by {@code log2(range / first step)}, so forgetting is rare once
 * the stream has shown its range. Not thread-safe.
 */
final class DoublingGrid {
  private final int bins;
  private double first = Double.NaN;
  private double low = Double.NaN;
  private double width = Double.NaN;

  DoublingGrid(int bins) {
    this.bins = bins;
  }

  /** True until two distinct values have been seen (no bin is defined yet). */
  boolean undefined() {
    return Double.isNaN(width);
  }

  /**
   * Fits the grid to {@code x}; true if it changed (first definition or a doubling), so that everything
   * learned in bins of the previous grid must be forgotten.
   */
  boolean fit(double x) {
    boolean changed = false;
    if (Double.isNaN(width)) {
      if (Double.isNaN(first)) {
        first = x;
      }
      if (x == first) {
        return false;
      }
      low = Math.min(first, x);
      width = Math.abs(x - first) * 2 / bins;
      changed = true;
    }
    while (x < low || x >= low + bins * width) {
      if (x < low) {
        low = low + bins * width - 2 * bins * width;
      }
      width *= 2;
      changed = true;
    }
    return changed;
  }

  /** The bin of {@code x}, in {@code [0, bins)}; call {@link #fit} first. */
  int bin(double x) {
    return (int) Math.min(bins - 1, Math.floor((x - low) / width));
  }
}
