package dev.selfheal.recovery.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Exception plumbing shared by the policies. Not API. */
public final class Throwables {
  /** The most earlier failures an exhausted retry attaches to its last one. */
  public static final int MAX_SUPPRESSED = 16;

  private Throwables() {}

  /**
   * Remembers {@code failure} of an attempt that will be retried, in {@code earlier} (created on the first failure:
   * the success path allocates nothing); each distinct exception once, at most {@link #MAX_SUPPRESSED}.
   */
  public static List<Throwable> remember(List<Throwable> earlier, Throwable failure) {
    List<Throwable> list = earlier == null ? new ArrayList<>(4) : earlier;
    if (list.size() < MAX_SUPPRESSED && list.stream().noneMatch(e -> e == failure)) {
      list.add(failure);
    }
    return list;
  }

  /** Attaches the {@code earlier} failures to {@code last} as suppressed (skipping {@code last} itself). */
  public static Throwable withEarlier(Throwable last, List<Throwable> earlier) {
    if (earlier != null) {
      for (Throwable e : earlier) {
        if (e != last) {
          last.addSuppressed(e);
        }
      }
    }
    return last;
  }

  /** Throws {@code t} as is, checked or not, without wrapping. */
  public static RuntimeException sneakyThrow(Throwable t) {
    throw Throwables.<RuntimeException>sneaky(t);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  /**
   * For entry points that cannot throw checked exceptions ({@code Supplier}, {@code Runnable}, {@code Function}):
   * a runtime exception or error is returned as is; an {@link InterruptedException} (a policy was waiting
   * for a permit) sets the interrupt flag again and becomes a {@link CancellationException} with it as cause;
   * any other checked exception is wrapped in a {@link CompletionException}.
   */
  public static RuntimeException unchecked(Exception e) {
    if (e instanceof RuntimeException) {
      return (RuntimeException) e;
    }
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      CancellationException c = new CancellationException("interrupted: " + e.getMessage());
      c.initCause(e);
      return c;
    }
    return new CompletionException(e);
  }

  /** The cause of a {@link CompletionException} or {@link ExecutionException}; {@code t} otherwise. */
  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
