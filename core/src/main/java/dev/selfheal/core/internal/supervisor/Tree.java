package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.ChildCounts;
import dev.selfheal.core.ChildOutcome;
import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.spi.HealthSource;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.core.spi.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/** STUB: being implemented. */
public final class Tree implements SupervisorTree {
  public Tree(SupervisorSpec root, Ticker ticker, Scheduler scheduler, Journal journal, EventBus events,
      Consumer<String> onRootFailure, DoubleSupplier random, Duration stopTimeout) {
    throw new UnsupportedOperationException("in progress");
  }
  @Override public void start() {}
  @Override public void stop() {}
  @Override public String rootPath() { return null; }
  @Override public ChildSnapshot snapshot() { return null; }
  @Override public boolean failed() { return false; }
  @Override public HealthSource health() { return null; }
  @Override public Journal journal() { return null; }
  @Override public EventBus events() { return null; }
  @Override public Ticker ticker() { return null; }
  @Override public Scheduler scheduler() { return null; }
  @Override public CompletableFuture<ChildOutcome> startChild(String supervisorPath, ChildSpec spec, Actor actor) { return null; }
  @Override public CompletableFuture<ChildOutcome> stopChild(String path, Actor actor) { return null; }
  @Override public CompletableFuture<ChildOutcome> startStoppedChild(String path, Actor actor) { return null; }
  @Override public CompletableFuture<ChildOutcome> restartChild(String path, Actor actor) { return null; }
  @Override public CompletableFuture<ChildOutcome> deleteChild(String path, Actor actor) { return null; }
  @Override public List<ChildSnapshot> whichChildren(String supervisorPath) { return null; }
  @Override public ChildCounts countChildren(String supervisorPath) { return null; }
  @Override public void reportFailure(String path, long generation, String reason) {}
  @Override public void pause(Actor actor) {}
  @Override public void resume(Actor actor) {}
  @Override public boolean paused() { return false; }
  @Override public void dryRun(boolean enabled, Actor actor) {}
  @Override public boolean dryRun() { return false; }
}
