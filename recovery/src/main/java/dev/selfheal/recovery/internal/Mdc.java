package dev.selfheal.recovery.internal;

import java.util.Map;
import org.slf4j.MDC;

/**
 * Carries SLF4J's MDC from the thread that starts a call into the tasks that continue it elsewhere
 * (async attempts, timeout threads, fallbacks). Not API.
 */
public final class Mdc {
  private Mdc() {}

  /** The caller's MDC, or null when it is empty (then nothing needs carrying). */
  public static Map<String, String> capture() {
    Map<String, String> map = MDC.getCopyOfContextMap();
    return map == null || map.isEmpty() ? null : map;
  }

  /** {@code task} run with {@code context} installed, the previous MDC restored afterwards. */
  public static Runnable wrap(Map<String, String> context, Runnable task) {
    if (context == null) {
      return task;
    }
    return () -> {
      Map<String, String> previous = MDC.getCopyOfContextMap();
      MDC.setContextMap(context);
      try {
        task.run();
      } finally {
        restore(previous);
      }
    };
  }

  /** Installs {@code context} (if any) and returns what to restore. */
  public static Map<String, String> install(Map<String, String> context) {
    if (context == null) {
      return null;
    }
    Map<String, String> previous = MDC.getCopyOfContextMap();
    MDC.setContextMap(context);
    return previous;
  }

  /** Restores what {@link #install} returned (for a null context install, pass what it returned). */
  public static void restore(Map<String, String> previous) {
    if (previous == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(previous);
    }
  }
}
