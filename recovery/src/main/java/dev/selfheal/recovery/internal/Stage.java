package dev.selfheal.recovery.internal;

/**
 * One synchronous layer of a pipeline: does its part around {@code next}. The user's task travels down the
 * chain as an argument, so that running a call allocates nothing. Not API.
 */
@FunctionalInterface
public interface Stage {
  /** The task is a {@link java.util.function.Supplier}. */
  int SUPPLIER = 0;
  /** The task is a {@link java.util.concurrent.Callable}. */
  int CALLABLE = 1;
  /** The task is a {@link Runnable}; the result is null. */
  int RUNNABLE = 2;
  /** The task is a {@link java.util.function.Function} applied to {@code arg}. */
  int FUNCTION = 3;

  Object call(Object task, Object arg, int kind) throws Exception;
}
