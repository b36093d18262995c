package dev.selfheal.recovery.fake;

import java.lang.reflect.Field;
import org.slf4j.MDC;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.spi.MDCAdapter;

/**
 * The test binding (slf4j-simple) has a no-op MDC; tests that check MDC propagation install SLF4J's own
 * {@link BasicMDCAdapter} (what logback-like bindings behave like).
 */
public final class TestMdc {
  private TestMdc() {}

  public static synchronized void install() {
    if (MDC.getMDCAdapter() instanceof BasicMDCAdapter) {
      return;
    }
    try {
      Field f = MDC.class.getDeclaredField("mdcAdapter");
      f.setAccessible(true);
      f.set(null, (MDCAdapter) new BasicMDCAdapter());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot install a working MDC adapter for the test", e);
    }
  }
}
