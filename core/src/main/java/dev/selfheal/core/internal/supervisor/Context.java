package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildContext;
import dev.selfheal.core.ExitReason;
import java.util.Objects;

/** The {@link ChildContext} of one instance: bound to its generation, so calls from old instances are ignored. */
final class Context implements ChildContext {
  private final SupervisorNode owner;
  private final String id;
  private final String path;
  private final long generation;
  private volatile boolean stopRequested;
  volatile ExitReason requestedExit;

  Context(SupervisorNode owner, String id, String path, long generation) {
    this.owner = owner;
    this.id = id;
    this.path = path;
    this.generation = generation;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public long generation() {
    return generation;
  }

  @Override
  public boolean stopRequested() {
    return stopRequested;
  }

  void requestStop() {
    stopRequested = true;
  }

  @Override
  public void fail(Throwable cause) {
    Objects.requireNonNull(cause, "cause");
    exit(ExitReason.abnormal(cause));
  }

  @Override
  public void exitNormally() {
    exit(ExitReason.normal());
  }

  @Override
  public void exitShutdown(String reason) {
    exit(ExitReason.shutdown(Objects.requireNonNull(reason, "reason")));
  }

  SupervisorNode owner() {
    return owner;
  }

  private void exit(ExitReason reason) {
    if (stopRequested) {
      return; // already being stopped by the supervisor: nothing to heal
    }
    requestedExit = reason;
    owner.signal(new Signal.ChildExit(id, generation, reason));
  }
}
