package dev.selfheal.recovery.internal.breaker;

/**
 * What a window holds at one evaluation.
 *
 * @param calls     recorded calls in the window
 * @param failures  failures among them
 * @param slowCalls slow calls among them
 */
record WindowCounts(long calls, long failures, long slowCalls) {
  static final WindowCounts EMPTY = new WindowCounts(0, 0, 0);

  static WindowCounts of(long calls, long failures, long slowCalls) {
    // racy sums may momentarily see a failure before the call that carries it: keep the counts coherent
    return new WindowCounts(Math.max(calls, Math.max(failures, slowCalls)), failures, slowCalls);
  }

  double failureRate() {
    return calls == 0 ? 0.0 : (double) failures / calls;
  }

  double slowCallRate() {
    return calls == 0 ? 0.0 : (double) slowCalls / calls;
  }
}
