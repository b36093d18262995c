package dev.selfheal.core.internal.handle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Invariant: once {@code awaitQuiescent} has returned, no call is inside the guard, and once {@code close}
 * has returned, no call enters. Checked over many short rounds of 3 callers racing one closer.
 */
class InFlightStressTest {
  static final int ROUNDS = 300;
  static final int CALLERS = 3;

  @Test
  void no_call_is_inside_after_quiescence_and_none_enters_after_close() throws Exception {
    AtomicLong violations = new AtomicLong();
    AtomicLong admitted = new AtomicLong();
    for (int round = 0; round < ROUNDS; round++) {
      InFlight guard = new InFlight();
      AtomicBoolean quiescent = new AtomicBoolean();
      AtomicBoolean closed = new AtomicBoolean();
      CyclicBarrier go = new CyclicBarrier(CALLERS + 1);
      List<Thread> callers = new ArrayList<>();
      for (int c = 0; c < CALLERS; c++) {
        Thread t = new Thread(() -> {
          await(go);
          for (int i = 0; i < 2_000; i++) {
            boolean closedBefore = closed.get();
            int s = guard.enter();
            if (s < 0) {
              continue;
            }
            admitted.incrementAndGet();
            if (closedBefore || quiescent.get()) {
              violations.incrementAndGet();
            }
            Thread.onSpinWait();
            if (quiescent.get()) {
              violations.incrementAndGet();
            }
            guard.exit(s);
          }
        }, "selfheal-test-inflight-" + c);
        t.setDaemon(true);
        callers.add(t);
        t.start();
      }
      await(go);
      Thread.yield();
      guard.close();
      closed.set(true);
      assertThat(guard.awaitQuiescent(TimeUnit.SECONDS.toNanos(10))).isTrue();
      quiescent.set(true);
      for (Thread t : callers) {
        t.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(t.isAlive()).isFalse();
      }
      // only now: a refused enter() adds and takes back its count, so the sum may blink while callers run
      assertThat(guard.inFlight()).isZero();
      assertThat(guard.enter()).isNegative();
    }
    assertThat(violations.get()).isZero();
    assertThat(admitted.get()).isPositive();
  }

  private static void await(CyclicBarrier b) {
    try {
      b.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
