package dev.selfheal.recovery.internal.breaker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * A counter striped over cells that each have a single writer, the thread that owns the cell: an increment by the
 * owner is a plain read and a release store of its own cell, with no atomic read-modify-write.
 *
 * <p><b>Purpose.</b> The CLOSED success path's only write ({@link SlidingWindow#calls}). A {@link LongAdder}'s
 * uncontended increment is a CAS on its base word, a lock-prefixed instruction: on the 2-core KVM machine of the
 * benchmarks it costs about 7 ns, the whole of the breaker's 7.6 ns/op (see implementation note 1). Here a thread
 * owns the cell of its home slot ({@code thread id & mask}) and counts in it alone; a thread whose home slot another
 * live thread owns counts in a shared {@link LongAdder}, as before.
 *
 * <pre>{@code
 *   slot i:  empty ──claim (CAS, by t)──► owned by t ──owner terminated; claim by u (CAS)──► owned by u
 *                                                     (the new cell starts at the old one's count: sums never drop)
 *   increment by t:  cell of home(t) owned by t  ──► value = value + 1       (plain read, release store)
 *                    slot empty or owner ended   ──► claim it, then as above
 *                    owned by another live thread ──► shared.increment()     (LongAdder: a CAS)
 * }</pre>
 *
 * <p><b>Memory ordering.</b> An owner's increment is a release store ({@link #increment()}) or a volatile store
 * ({@link #incrementVolatile()}, for callers that read other shared state next and must not miss a concurrent
 * writer: a store-then-load pattern that needs sequential consistency). {@link #sum()} reads each cell with a volatile
 * load: it is not a snapshot (increments concurrent with it may or may not be seen), but it sees every increment that
 * happened-before it, and it never decreases: a cell taken over starts at its predecessor's final count, which the
 * new owner reads after {@code Thread.isAlive()} returned false for the old one (the old owner's last action
 * happened-before that).
 *
 * <p><b>Progress.</b> {@link #increment()} is wait-free for an owner (no loop, no CAS); a claim is one CAS per thread
 * and counter, retried only when another thread claimed the slot first; the shared path is a {@link LongAdder}'s.
 * {@link #sum()} is wait-free, bounded by the slot count. Nothing here blocks or calls user code.
 *
 * <p>This class is thread-safe.
 */
final class OwnedCellCounter {
  /*
   * Implementation notes.
   *
   * 1. Where the breaker's success path spent its time (CircuitBreakerBenchmark -t 1 on JDK 17, KVM Sapphire
   *    Rapids, 2 cores): 7.6 ns/op with a LongAdder, whose uncontended increment is casBase (lock cmpxchg); the
   *    bulkhead's acquire + release, two CASes, measured 16.0 ns/op in the same run. Token decode, the phase and
   *    exact-flag reads are plain loads of lines no one writes. The 3.2 ns/op of the first version was measured on
   *    another machine where a CAS cost less (Failsafe's synchronized success path: 12.1 ns/op there, 27.6 here).
   * 2. Slots are sized once per counter (a counter lives for one CLOSED window): 4 per available processor, at least
   *    8, at most 256. Cells are allocated on claim, by the claiming thread, so an idle slot costs one reference.
   *    Thread ids are consecutive for threads created one after another (a pool), so a pool no larger than the
   *    slot count gets a slot per thread.
   * 3. A terminated owner is spotted by Thread.getState() (a volatile field read) and confirmed by isAlive(), whose
   *    false result is the happens-before edge from the owner's last increment; a thread whose home is owned by a
   *    live thread therefore pays one getState() per increment beside the LongAdder, never a native call.
   * 4. Cells are padded (Cell, as PaddedIntCell) because two owners' cells next to each other would put their
   *    stores on one line: the GC copies the cells of one array next to each other. LongAdder's cells are
   *    @Contended for the same reason.
   */

  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Cell[].class);
  private static final int MIN_SLOTS = 8;
  private static final int MAX_SLOTS = 256;

  private final Cell[] slots;
  private final int mask;
  private final LongAdder shared = new LongAdder();

  OwnedCellCounter() {
    this(Runtime.getRuntime().availableProcessors() * 4);
  }

  /** A counter of at least {@code wanted} slots (rounded up to a power of two in [8, 256]). */
  OwnedCellCounter(int wanted) {
    int n = MIN_SLOTS;
    while (n < wanted && n < MAX_SLOTS) {
      n <<= 1;
    }
    this.slots = new Cell[n];
    this.mask = n - 1;
  }

  /** Counts one, with a release store when the caller owns its cell. */
  void increment() {
    Thread t = Thread.currentThread();
    Cell c = slots[(int) t.getId() & mask]; // plain: only t installs a cell owned by t
    if (c != null && c.owner == t) {
      c.addRelease();
      return;
    }
    incrementSlow(t);
  }

  /** Counts one with a volatile store (see the memory-ordering contract). */
  void incrementVolatile() {
    Thread t = Thread.currentThread();
    Cell c = slots[(int) t.getId() & mask];
    if (c != null && c.owner == t) {
      c.addVolatile();
      return;
    }
    incrementSlow(t);
  }

  private void incrementSlow(Thread t) {
    int i = (int) t.getId() & mask;
    for (;;) {
      Cell c = (Cell) SLOTS.getVolatile(slots, i);
      if (c != null && c.owner == t) {
        c.addVolatile();
        return;
      }
      if (c != null && !ended(c.owner)) {
        shared.increment(); // the home slot is another live thread's
        return;
      }
      // empty, or its owner has terminated: its count is final and visible (isAlive() returned false)
      Cell mine = new Cell(t, (c == null ? 0 : c.valueVolatile()) + 1);
      if (SLOTS.compareAndSet(slots, i, c, mine)) {
        return; // counted: the new cell starts one past its predecessor's count
      }
    }
  }

  private static boolean ended(Thread owner) {
    return owner.getState() == Thread.State.TERMINATED && !owner.isAlive();
  }

  /** Everything counted; see the memory-ordering contract. */
  long sum() {
    long total = shared.sum();
    for (int i = 0; i < slots.length; i++) {
      Cell c = (Cell) SLOTS.getVolatile(slots, i);
      if (c != null) {
        total += c.valueVolatile();
      }
    }
    return total;
  }

  /** The slot count (for tests). */
  int slotCount() {
    return slots.length;
  }

  /** One owner's count, alone on its cache lines (see implementation note 4). */
  static final class Cell extends CellRhs {
    private static final VarHandle VALUE;

    static {
      try {
        VALUE = MethodHandles.lookup().findVarHandle(CellValue.class, "value", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    Cell(Thread owner, long initial) {
      super(owner, initial);
    }

    /** The owner's increment: it alone writes, so read-then-store loses nothing. */
    void addRelease() {
      VALUE.setRelease(this, (long) VALUE.get(this) + 1);
    }

    void addVolatile() {
      VALUE.setVolatile(this, (long) VALUE.get(this) + 1);
    }

    long valueVolatile() {
      return (long) VALUE.getVolatile(this);
    }
  }
}

/** Left padding: 128 bytes. */
@SuppressWarnings("unused")
abstract class CellLhs {
  long p00, p01, p02, p03, p04, p05, p06, p07;
  long p08, p09, p10, p11, p12, p13, p14, p15;
}

/** The owner and its count, between the paddings. */
abstract class CellValue extends CellLhs {
  final Thread owner;
  @SuppressWarnings("unused") // accessed through Cell.VALUE
  long value;

  CellValue(Thread owner, long initial) {
    this.owner = owner;
    this.value = initial;
  }
}

/** Right padding: 128 bytes. */
@SuppressWarnings("unused")
abstract class CellRhs extends CellValue {
  long q00, q01, q02, q03, q04, q05, q06, q07;
  long q08, q09, q10, q11, q12, q13, q14, q15;

  CellRhs(Thread owner, long initial) {
    super(owner, initial);
  }
}
