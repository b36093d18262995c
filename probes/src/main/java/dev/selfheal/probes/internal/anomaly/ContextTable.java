package dev.selfheal.probes.internal.anomaly;

import java.util.Arrays;

/**
 * How often each short sequence of bins (a context) has been seen: the last {@code order} bins of a
 * channel, and each of their suffixes, hashed into a fixed table of saturating counters. A sequence seen
 * fewer than {@code minCount} times is novel. Collisions only make a sequence look familiar, never novel,
 * so a full table errs towards silence. Memory is {@code 2^tableBits} shorts. Not thread-safe.
 */
final class ContextTable {
  private static final long SEED = 0x9E3779B97F4A7C15L;
  private static final long MIX = 0xBF58476D1CE4E5B9L;
  private static final long ORDER_SALT = 0x94D049BB133111EBL;
  private static final long FINAL_MIX = 0xFF51AFD7ED558CCDL;

  private final short[] counts;
  private final int shift;
  private final int minCount;
  /** The newest bins, newest first. */
  private final int[] history;
  /** Bins seen since the last {@link #forget()}; fewer orders are asked about until there is history. */
  private long learned;

  ContextTable(int order, int tableBits, int minCount) {
    this.counts = new short[1 << tableBits];
    this.shift = 64 - tableBits;
    this.minCount = minCount;
    this.history = new int[order];
  }

  /** Forgets every count and the history (after the grid changed). */
  void forget() {
    Arrays.fill(counts, (short) 0);
    learned = 0;
  }

  /**
   * Appends {@code bin}, counts the sequences ending with it (lengths 1 to order), and returns how many of
   * them were novel, divided by the order: 0 when everything was seen before, 1 when nothing was.
   */
  double observe(int bin) {
    int order = history.length;
    for (int i = order - 1; i > 0; i--) { // a loop: arraycopy's call costs more than two moves
      history[i] = history[i - 1];
    }
    history[0] = bin;
    long h = SEED;
    int novel = 0;
    int lengths = (int) Math.min(order, learned + 1);
    for (int k = 0; k < lengths; k++) {
      h = (h ^ (history[k] + 1)) * MIX;
      h ^= h >>> 31;
      int slot = (int) (((h ^ k * ORDER_SALT) * FINAL_MIX) >>> shift);
      short c = counts[slot];
      if (c < minCount) {
        novel++;
      }
      if (c < Short.MAX_VALUE) {
        counts[slot] = (short) (c + 1);
      }
    }
    learned++;
    return novel / (double) order;
  }
}
