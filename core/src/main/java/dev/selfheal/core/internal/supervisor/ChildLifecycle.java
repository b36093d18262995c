package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildStartException;
import dev.selfheal.core.ChildState;
import dev.selfheal.core.ExitReason;
import dev.selfheal.core.RestartType;
import java.time.Duration;

/**
 * Starting and stopping one child of one supervisor: picks the {@link ChildRunner} of its kind, keeps the
 * child record's state, generation and instance right, and has the {@link Announcer} tell. Actor only.
 *
 * <p><b>Shutdown order and the cleanup of crashed services.</b> {@link #stopAll} stops the children in
 * reverse start order, each within its bound. A child that already ended on its own (a worker whose
 * {@code run} returned or threw, a service that reported its exit through its context) while the
 * supervisor was stopping is journaled and published with its own exit reason, and not restarted (OTP
 * {@code sup_stop_race}). Java cannot kill a service instance, so Selfheal's extension to OTP's order is
 * that the crashed instance's {@code stop()} is still called to release its resources: at its own place
 * in the reverse order, after the later children's stops and before the earlier ones', exactly where OTP
 * would have waited for its {@code DOWN}. Likewise, the failed instance of a restart is stopped first,
 * before the bystanders (it is the one that exited first in OTP).
 */
final class ChildLifecycle {
  private final SupervisorNode node;
  private final ChildRunner services;
  private final ChildRunner workers;
  private final ChildRunner supervisors;

  ChildLifecycle(SupervisorNode node) {
    this.node = node;
    this.services = new ServiceRunner(node.tree.lifecycleExecutor());
    this.workers = new WorkerRunner(node.tree.workerThreads());
    this.supervisors = new SupervisorRunner(node);
  }

  private ChildRunner runner(ChildRecord c) {
    return switch (c.spec.kind()) {
      case SERVICE -> services;
      case WORKER -> workers;
      case SUPERVISOR -> supervisors;
    };
  }

  /**
   * Creates a fresh instance of {@code c} and starts it.
   *
   * @return true if it runs; false if its start answered {@code ignore} (then it is STOPPED with no
   *     instance, and removed if TEMPORARY)
   * @throws ChildStartException if it failed to start (then it is STOPPED)
   */
  boolean start(ChildRecord c) {
    long gen = c.generation + 1;
    c.generation = gen;
    c.failedBy = null;
    Context ctx = new Context(node, c.id(), node.announcer.childPath(c.id()), gen);
    c.setState(ChildState.STARTING);
    Object instance;
    try {
      instance = runner(c).start(c, ctx);
    } catch (ChildStartException e) {
      c.setState(ChildState.STOPPED);
      c.lastFailure = e.getMessage();
      c.lastFailureTime = node.tree.wallClock().instant();
      throw e;
    }
    if (instance == ChildRunner.IGNORED) {
      c.setState(ChildState.STOPPED);
      boolean kept = c.spec.restartType() != RestartType.TEMPORARY;
      node.announcer.ignored(c, kept);
      if (!kept) {
        node.remove(c);
      }
      return false;
    }
    c.context = ctx;
    c.instance = instance;
    c.startedAtNanos = node.tree.ticker().read();
    c.setState(ChildState.RUNNING);
    node.announcer.started(c, instance);
    return true;
  }

  /**
   * Stops the instance of {@code c}, if any, within its shutdown bound and leaves it STOPPED. Past the
   * bound the instance is interrupted and abandoned ("killed").
   */
  void stop(ChildRecord c, String why) {
    Object instance = c.instance;
    Context ctx = c.context;
    if (instance == null) {
      c.setState(ChildState.STOPPED);
      return;
    }
    c.setState(ChildState.STOPPING);
    if (ctx != null) {
      ctx.requestStop();
    }
    long t0 = node.tree.ticker().read();
    String outcome = runner(c).stop(instance, c.spec.shutdown());
    Duration took = Duration.ofNanos(Math.max(0, node.tree.ticker().read() - t0));
    c.instance = null;
    c.context = null;
    c.setState(ChildState.STOPPED);
    node.announcer.stopped(c, why, outcome, took);
  }

  /** Stops every child in reverse start order and cancels every pending restart. */
  void stopAll(String why) {
    for (ChildRecord c : node.table.reversed()) {
      c.restartToken++;
      c.pending = null;
      if (c.instance != null) {
        ExitReason own = endedOnItsOwn(c);
        if (own != null) {
          node.announcer.exitedDuringShutdown(c, own);
        }
        stop(c, why);
      } else if (c.state() != ChildState.STOPPED) {
        c.setState(ChildState.STOPPED);
      }
    }
  }

  /** How the instance of {@code c} ended on its own before we stopped it, or null if it did not. */
  private static ExitReason endedOnItsOwn(ChildRecord c) {
    if (c.instance instanceof WorkerRun run && run.ended != null) {
      return run.ended;
    }
    Context ctx = c.context;
    return ctx != null && !(c.instance instanceof WorkerRun) ? ctx.requestedExit : null;
  }
}
