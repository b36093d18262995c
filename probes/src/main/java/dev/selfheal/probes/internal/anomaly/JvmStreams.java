package dev.selfheal.probes.internal.anomaly;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/** The JVM's own streams for a {@link ComponentMetricWatch}, read through the platform's management beans. */
public final class JvmStreams {
  /** The stream name of the JVM's heap after GC. */
  public static final String HEAP_AFTER_GC = "jvm.heap.afterGc";
  /** The stream name of the JVM's GC pause time. */
  public static final String GC_PAUSE = "jvm.gc.pauseMillis";

  private JvmStreams() {}

  /** The heap pools' usage after their latest collection, in bytes (pools that report none are skipped). */
  public static double heapAfterGc() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        MemoryUsage u = pool.getCollectionUsage();
        if (u != null) {
          used += u.getUsed();
        }
      }
    }
    return used;
  }

  /** The maximum heap in bytes, or NaN when the JVM sets none (then the heap is watched without a forecast). */
  public static double maxHeap() {
    long max = Runtime.getRuntime().maxMemory();
    return max == Long.MAX_VALUE ? Double.NaN : max;
  }

  /** Milliseconds spent in collections since the JVM started (collectors that report none are skipped). */
  public static double gcMillis() {
    long ms = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      long t = gc.getCollectionTime();
      if (t > 0) {
        ms += t;
      }
    }
    return ms;
  }
}
