package dev.selfheal.bench.sim;

import java.util.Arrays;

/**
 * A binary min-heap of events ordered by {@code (time, seq)}; {@code seq} increases with every push, so
 * simultaneous events fire in the order they were scheduled and a run is reproducible. Not thread-safe.
 */
final class EventQueue {
  private long[] time = new long[1024];
  private long[] seq = new long[1024];
  private int[] type = new int[1024];
  private Object[] ref = new Object[1024];
  private long[] arg = new long[1024];
  private int size;
  private long nextSeq;
  // the popped event
  long poppedTime;
  int poppedType;
  Object poppedRef;
  long poppedArg;

  void push(long t, int ty, Object r, long a) {
    if (size == time.length) {
      int n = size * 2;
      time = Arrays.copyOf(time, n);
      seq = Arrays.copyOf(seq, n);
      type = Arrays.copyOf(type, n);
      ref = Arrays.copyOf(ref, n);
      arg = Arrays.copyOf(arg, n);
    }
    int i = size++;
    long s = nextSeq++;
    while (i > 0) {
      int p = (i - 1) >>> 1;
      if (less(time[p], seq[p], t, s)) {
        break;
      }
      move(p, i);
      i = p;
    }
    set(i, t, s, ty, r, a);
  }

  boolean isEmpty() {
    return size == 0;
  }

  long peekTime() {
    return time[0];
  }

  void pop() {
    poppedTime = time[0];
    poppedType = type[0];
    poppedRef = ref[0];
    poppedArg = arg[0];
    int last = --size;
    long t = time[last];
    long s = seq[last];
    int ty = type[last];
    Object r = ref[last];
    long a = arg[last];
    ref[last] = null;
    int i = 0;
    for (;;) {
      int c = 2 * i + 1;
      if (c >= size) {
        break;
      }
      if (c + 1 < size && less(time[c + 1], seq[c + 1], time[c], seq[c])) {
        c++;
      }
      if (less(t, s, time[c], seq[c])) {
        break;
      }
      move(c, i);
      i = c;
    }
    if (size > 0) {
      set(i, t, s, ty, r, a);
    }
  }

  private static boolean less(long t1, long s1, long t2, long s2) {
    return t1 < t2 || (t1 == t2 && s1 < s2);
  }

  private void move(int from, int to) {
    set(to, time[from], seq[from], type[from], ref[from], arg[from]);
  }

  private void set(int i, long t, long s, int ty, Object r, long a) {
    time[i] = t;
    seq[i] = s;
    type[i] = ty;
    ref[i] = r;
    arg[i] = a;
  }
}
