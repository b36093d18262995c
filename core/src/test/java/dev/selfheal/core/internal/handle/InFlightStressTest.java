package dev.selfheal.core.internal.handle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invariant: once {@code awaitQuiescent} has returned, no call is inside the guard, and once {@code close}
 * has returned, no call enters. Checked over many short rounds of 3 callers racing one closer, and of one
 * caller racing one closer (2 threads, as a handle's caller and its supervisor's stop), each with the
 * default stripes (callers own their stripe: one fence per entry) and with one stripe (callers but the
 * owner take the shared atomic count).
 */
class InFlightStressTest {
  static final int ROUNDS = 300;
  static final int CALLERS = 3;

  @ParameterizedTest(name = "stripes={0}")
  @ValueSource(ints = {16, 1})
  void no_call_is_inside_after_quiescence_and_none_enters_after_close(int stripes) throws Exception {
    AtomicLong violations = new AtomicLong();
    AtomicLong admitted = new AtomicLong();
    for (int round = 0; round < ROUNDS; round++) {
      InFlight guard = new InFlight(stripes);
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

  /**
   * Two threads, as a handle's caller and the supervisor stopping instance after instance: the caller always
   * calls the current guard; the closer publishes a new guard, closes the old one and waits for it. Exact:
   * no call is admitted after its guard's {@code close} returned nor inside after quiescence, every admitted
   * call exits, and every guard ends with nothing in flight. Each guard is closed only once the caller has
 * been inside it, so every close races the caller's calls.
   */
  @ParameterizedTest(name = "stripes={0}")
  @ValueSource(ints = {16, 1})
  void one_caller_and_one_closer(int stripes) throws Exception {
    final class Round {
      final InFlight guard = new InFlight(stripes);
      volatile boolean entered;
      volatile boolean closeReturned;
      volatile boolean quiescent;
    }
    int rounds = 500;
    Round[] all = new Round[rounds];
    for (int r = 0; r < rounds; r++) {
      all[r] = new Round();
    }
    java.util.concurrent.atomic.AtomicReference<Round> current = new java.util.concurrent.atomic.AtomicReference<>(all[0]);
    AtomicBoolean done = new AtomicBoolean();
    long[] counts = new long[3]; // admitted, exited, violations: written by the caller only, read after join
    Thread caller = new Thread(() -> {
      while (!done.get()) {
        Round r = current.get();
        boolean closedBefore = r.closeReturned; // read BEFORE enter: a call admitted after close() returned
        int t = r.guard.enter();
        if (t < 0) {
          continue;
        }
        counts[0]++;
        r.entered = true;
        if (closedBefore || r.quiescent) {
          counts[2]++;
        }
        Thread.onSpinWait();
        if (r.quiescent) {
          counts[2]++;
        }
        r.guard.exit(t);
        counts[1]++;
      }
    }, "selfheal-test-inflight-caller");
    caller.setDaemon(true);
    caller.start();
    long patience = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (int r = 0; r + 1 < rounds; r++) {
      Round old = all[r];
      while (!old.entered) { // so that every close races calls on the guard it closes
        assertThat(System.nanoTime() - patience).as("the caller makes progress").isNegative();
        Thread.yield();
      }
      current.set(all[r + 1]);
      old.guard.close();
      old.closeReturned = true;
      assertThat(old.guard.awaitQuiescent(TimeUnit.SECONDS.toNanos(10))).isTrue();
      old.quiescent = true;
    }
    done.set(true);
    caller.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(caller.isAlive()).isFalse();
    assertThat(counts[2]).as("calls inside a closed or quiescent guard").isZero();
    assertThat(counts[1]).isEqualTo(counts[0]).isPositive();
    for (Round r : all) {
      assertThat(r.guard.inFlight()).isZero();
    }
  }

  private static void await(CyclicBarrier b) {
    try {
      b.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
