package dev.selfheal.recovery.internal;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.recovery.Retry;
import dev.selfheal.recovery.RetryBudget;
import dev.selfheal.recovery.RetryConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link Retry} with configurable backoff, predicates and an optional shared budget.
 *
 * <p>The instance itself is stateless per call: each call keeps its attempt number and previous wait on the
 * stack (sync) or in one per-call object (async). The config is one volatile reference, read once per call,
 * so {@link #reconfigure} applies to calls that start afterwards. The success path touches one
 * {@link LongAdder} and allocates nothing.
 *
 * <p>This class is thread-safe.
 */
public final class BackoffRetry extends DirectPolicy implements Retry {
  private volatile RetryConfig config;
  private final LongAdder successWithout = new LongAdder();
  private final LongAdder successWith = new LongAdder();
  private final LongAdder failedWith = new LongAdder();
  private final LongAdder failedWithout = new LongAdder();
  private final LongAdder budgetRefusals = new LongAdder();
  private final LongAdder attempts = new LongAdder();

  public BackoffRetry(String name, RetryConfig config, Environment env) {
    super(name, env);
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public RetryConfig config() {
    return config;
  }

  @Override
  public int rank() {
    return RETRY;
  }

  @Override
  public Stage wrap(Stage next) {
    return (task, arg, kind) -> execute(next, task, arg, kind);
  }

  @Override
  public AsyncStage wrapAsync(AsyncStage next) {
    return task -> new AsyncCall(config, next, task).start();
  }

  private Object execute(Stage next, Object task, Object arg, int kind) throws Exception {
    RetryConfig c = config;
    RetryBudget budget = c.budget();
    if (budget != null) {
      budget.deposit();
    }
    int attempt = 1;
    long previousDelay = 0;
    List<Throwable> earlier = null; // the failures of attempts retried, for the exhausted one's suppressed list
    for (;;) {
      Object result = null;
      Throwable failure = null;
      attempts.increment();
      try {
        result = next.call(task, arg, kind);
      } catch (Throwable t) {
        failure = t;
      }
      if (failure == null) {
        Predicate<Object> onResult = c.retryOnResult();
        if (onResult == null || !onResult.test(result)) {
          (attempt == 1 ? successWithout : successWith).increment();
          return result;
        }
      } else if (failure instanceof VirtualMachineError || !c.retryOnException().test(failure)) {
        (attempt == 1 ? failedWithout : failedWith).increment();
        throw Throwables.sneakyThrow(failure);
      }
      // a retryable outcome: may we try again?
      boolean stop = false;
      if (failure instanceof InterruptedException) {
        Thread.currentThread().interrupt(); // the attempt was interrupted: keep the flag, stop (failsafe #63)
        stop = true;
      } else if (Thread.currentThread().isInterrupted() || attempt >= c.maxAttempts()) {
        stop = true;
      } else if (budget != null && !budget.tryWithdraw()) {
        budgetRefusals.increment();
        stop = true;
      }
      long delay = 0;
      if (!stop) {
        delay = PolicyMath.nextDelayNanos(c, attempt, previousDelay);
        if (delay > 0) {
          try {
            Waits.parkUntil(env.ticker(), env.ticker().read() + delay);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // r4j #1856: the caller must see it was interrupted
            if (failure != null) {
              failure.addSuppressed(e);
            }
            stop = true;
          }
        }
      }
      if (stop) {
        (attempt == 1 ? failedWithout : failedWith).increment();
        if (failure != null) {
          throw Throwables.sneakyThrow(Throwables.withEarlier(failure, earlier));
        }
        return result; // the last result, even after an interrupt (r4j #1855: never an NPE)
      }
      if (failure != null) {
        earlier = Throwables.remember(earlier, failure);
      }
      attempt++;
      previousDelay = delay;
    }
  }

  /** One asynchronous call: its attempts, its pending retry, its cancellation. */
  private final class AsyncCall implements Runnable {
    private final RetryConfig c;
    private final AsyncStage next;
    private final Supplier<? extends CompletionStage<?>> task;
    private final CompletableFuture<Object> result = new CompletableFuture<>();
    private final Map<String, String> mdc = Mdc.capture();
    private final Scheduler scheduler = env.scheduler();
    private int attempt; // confined: attempts run one after another, ordered by the futures that chain them
    private long previousDelay;
    private volatile Scheduler.Cancellable pending;
    private volatile CompletableFuture<Object> inFlight;
    private List<Throwable> earlier; // confined like attempt: failures of the attempts retried

    AsyncCall(RetryConfig c, AsyncStage next, Supplier<? extends CompletionStage<?>> task) {
      this.c = c;
      this.next = next;
      this.task = task;
    }

    CompletableFuture<Object> start() {
      if (c.budget() != null) {
        c.budget().deposit();
      }
      result.whenComplete((r, t) -> {
        if (result.isCancelled()) { // failsafe #52/#266: stop the pending retry and the attempt in flight
          Scheduler.Cancellable p = pending;
          if (p != null) {
            p.cancel();
          }
          CompletableFuture<Object> f = inFlight;
          if (f != null) {
            f.cancel(true);
          }
        }
      });
      run();
      return result;
    }

    @Override
    public void run() {
      if (result.isDone()) {
        return;
      }
      attempt++;
      attempts.increment();
      CompletableFuture<Object> f;
      try {
        f = next.call(task);
      } catch (Throwable t) { // a layer below failed to start the attempt: the call fails, never hangs
        f = CompletableFuture.failedFuture(t);
      }
      inFlight = f;
      if (result.isDone()) { // cancelled while the attempt was starting
        f.cancel(true);
        return;
      }
      f.whenComplete(this::onAttempt);
    }

    private void onAttempt(Object value, Throwable error) {
      Throwable failure = error == null ? null : Throwables.unwrap(error);
      if (result.isDone()) {
        return;
      }
      boolean retryable;
      try {
        if (failure == null) {
          Predicate<Object> onResult = c.retryOnResult();
          retryable = onResult != null && onResult.test(value);
        } else {
          retryable = !(failure instanceof VirtualMachineError) && c.retryOnException().test(failure);
        }
      } catch (Throwable predicateFailure) {
        result.completeExceptionally(predicateFailure);
        return;
      }
      if (!retryable) {
        if (failure == null) {
          (attempt == 1 ? successWithout : successWith).increment();
          result.complete(value);
        } else {
          (attempt == 1 ? failedWithout : failedWith).increment();
          result.completeExceptionally(failure);
        }
        return;
      }
      boolean stop = attempt >= c.maxAttempts();
      if (!stop && c.budget() != null && !c.budget().tryWithdraw()) {
        budgetRefusals.increment();
        stop = true;
      }
      if (stop) {
        (attempt == 1 ? failedWithout : failedWith).increment();
        if (failure != null) {
          result.completeExceptionally(Throwables.withEarlier(failure, earlier));
        } else {
          result.complete(value);
        }
        return;
      }
      if (failure != null) {
        earlier = Throwables.remember(earlier, failure);
      }
      long delay = PolicyMath.nextDelayNanos(c, attempt, previousDelay);
      previousDelay = delay;
      pending = scheduler.schedule(Mdc.wrap(mdc, this), delay);
      if (result.isDone()) { // cancelled while scheduling
        pending.cancel();
      }
    }
  }

  @Override
  public long successfulCallsWithoutRetry() {
    return successWithout.sum();
  }

  @Override
  public long successfulCallsWithRetry() {
    return successWith.sum();
  }

  @Override
  public long failedCallsWithRetry() {
    return failedWith.sum();
  }

  @Override
  public long failedCallsWithoutRetry() {
    return failedWithout.sum();
  }

  @Override
  public long budgetRefusals() {
    return budgetRefusals.sum();
  }

  @Override
  public long attempts() {
    return attempts.sum();
  }

  @Override
  public void reconfigure(RetryConfig newConfig, Actor actor) {
    env.reconfigure(PolicyKind.RETRY, name, this, newConfig, actor, c -> {
      RetryConfig old = config;
      config = c;
      return old;
    });
  }


  @Override
  public String toString() {
    return "Retry{name=" + name + ", config=" + config + "}";
  }
}
