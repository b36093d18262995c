package dev.selfheal.recovery.internal.breaker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The trial calls of one HALF_OPEN period, packed in one {@code long}:
 * [admitted:16 | completed:16 | failures:16 | slow:16].
 *
 * <pre>{@code
 *   tryAdmit:  admitted < permitted, undecided ──CAS──► admitted + 1       (else refused)
 *   release:   admitted > completed ──CAS──► admitted - 1                  (cancelled or ignored: records nothing)
 *   complete:  admitted > completed, undecided ──CAS──► completed + 1 (+ failure, + slow)
 *              the CAS that makes completed == decideAt (min(minimumNumberOfCalls, permitted), Resilience4j's
 *              rule) is the deciding one; from then on the word is final (decided: no admission, no completion),
 *              so any thread can read the verdict from it and help the transition
 * }</pre>
 *
 * <p><b>Purpose.</b> Admits exactly {@code permitted} concurrent trials however many threads race, and makes exactly
 * one thread decide. Each HALF_OPEN period gets a new {@code Trials}, so a thread acting on an older period acts on
 * an object the breaker no longer reads.
 *
 * <p><b>Memory ordering.</b> Every change is a volatile {@code compareAndSet}; reads are acquire.
 *
 * <p><b>Progress.</b> Lock-free: a CAS fails only when another thread changed the word. Never calls user code.
 * Callers must call {@link #complete} or {@link #release} at most once per admitted trial; an outcome that finds
 * no outstanding trial (a late outcome of a call admitted before HALF_OPEN) is refused, so the counts can never
 * exceed the admissions.
 *
 * <p>This class is thread-safe.
 */
final class Trials {
  /** What {@link #complete} returns when no trial was outstanding. */
  static final long REFUSED = -1L;

  private static final VarHandle WORD;
  private static final long ADMITTED = 1L << 48;
  private static final long COMPLETED = 1L << 32;
  private static final long FAILED = 1L << 16;
  private static final long SLOW = 1L;

  static {
    try {
      WORD = MethodHandles.lookup().findVarHandle(Trials.class, "word", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final int permitted;
  /** The number of completed trials at which the period is decided: {@code min(minimumNumberOfCalls, permitted)}. */
  final int decideAt;
  @SuppressWarnings("unused") // accessed through WORD
  private volatile long word;

  Trials(int permitted, int minimumNumberOfCalls) {
    this.permitted = permitted;
    this.decideAt = Math.min(permitted, minimumNumberOfCalls);
  }

  static int admitted(long w) {
    return (int) (w >>> 48) & 0xFFFF;
  }

  static int completed(long w) {
    return (int) (w >>> 32) & 0xFFFF;
  }

  static int failures(long w) {
    return (int) (w >>> 16) & 0xFFFF;
  }

  static int slowCalls(long w) {
    return (int) w & 0xFFFF;
  }

  long wordAcquire() {
    return (long) WORD.getAcquire(this);
  }

  boolean tryAdmit() {
    for (;;) {
      long w = wordAcquire();
      if (admitted(w) >= permitted || completed(w) >= decideAt) {
        return false;
      }
      if (WORD.compareAndSet(this, w, w + ADMITTED)) {
        return true;
      }
    }
  }

  /** Returns an outstanding trial's permit, recording nothing. False if no trial was outstanding. */
  boolean release() {
    for (;;) {
      long w = wordAcquire();
      if (admitted(w) <= completed(w)) {
        return false;
      }
      if (WORD.compareAndSet(this, w, w - ADMITTED)) {
        return true;
      }
    }
  }

  /**
   * Records an outstanding trial's outcome and returns the word it produced, or {@link #REFUSED}. The caller whose
   * word has {@code completed == decideAt} ({@link #decides}) decides the period, over exactly that word's counts.
   */
  long complete(boolean failure, boolean slow) {
    long delta = COMPLETED + (failure ? FAILED : 0) + (slow ? SLOW : 0);
    for (;;) {
      long w = wordAcquire();
      if (admitted(w) <= completed(w) || completed(w) >= decideAt) {
        return REFUSED; // no trial outstanding, or the period is decided: its word is final
      }
      if (WORD.compareAndSet(this, w, w + delta)) {
        return w + delta;
      }
    }
  }

  /** Whether {@code w}, returned by {@link #complete}, is the deciding completion. */
  boolean decides(long w) {
    return w != REFUSED && completed(w) == decideAt;
  }

  /** Whether the period is decided: {@code w} (a word read from this object) is then final. */
  boolean decided(long w) {
    return completed(w) >= decideAt;
  }

  /** Trials admitted and not yet completed or released. */
  int inUse() {
    long w = wordAcquire();
    return admitted(w) - completed(w);
  }
}
