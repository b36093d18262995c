package dev.selfheal.probes.internal;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates daemon threads named {@code <prefix>-1}, {@code <prefix>-2}, ...; the prefix must start with
 * {@code selfheal-} so that every thread the library owns is recognisable in a thread dump.
 *
 * <p>This class is thread-safe.
 */
public final class NamedThreadFactory implements ThreadFactory {
  private final String prefix;
  private final AtomicInteger counter = new AtomicInteger();

  public NamedThreadFactory(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (!prefix.startsWith("selfheal-")) {
      throw new IllegalArgumentException("thread name prefix must start with 'selfheal-', was '" + prefix + "'");
    }
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread t = new Thread(task, prefix + "-" + counter.incrementAndGet());
    t.setDaemon(true);
    return t;
  }
}
