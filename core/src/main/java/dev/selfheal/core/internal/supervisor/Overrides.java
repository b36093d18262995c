package dev.selfheal.core.internal.supervisor;

import dev.selfheal.core.HealingOverride;
import dev.selfheal.core.HealingOverride.Kind;
import dev.selfheal.core.event.Actor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator overrides of one tree in force: pause, dry-run (tree-wide) and suspensions (per child or
 * subtree), each with its actor, reason and optional expiry. A plain holder: setting, lifting and expiring
 * one are {@link Signal}s decided by {@link OperatorPolicy} (state diagram there), announced by the root's
 * {@link Announcer} and carried out by the root's {@link DecisionExecutor}, the only writer.
 *
 * <p>Thread-safe: written by the root's actor only; supervisors and snapshot readers read the volatile
 * fields and the concurrent map without locking.
 */
final class Overrides {
  private final String rootPath;
  private volatile HealingOverride pause;
  private volatile HealingOverride dryRun;
  private final AtomicLong dryRunEpoch = new AtomicLong();
  private final Map<String, HealingOverride> suspensions = new ConcurrentHashMap<>();

  Overrides(String rootPath) {
    this.rootPath = rootPath;
  }

  boolean paused() {
    return pause != null;
  }

  boolean dryRun() {
    return dryRun != null;
  }

  /** Bumped each time dry-run is turned on, so each supervisor takes a fresh shadow of its window. */
  long dryRunEpoch() {
    return dryRunEpoch.get();
  }

  /** The suspension holding the child at {@code childPath}: on it, or on a supervisor above it; or null. */
  HealingOverride suspension(String childPath) {
    if (suspensions.isEmpty()) {
      return null;
    }
    for (String p = childPath; ; ) {
      HealingOverride o = suspensions.get(p);
      if (o != null) {
        return o;
      }
      int slash = p.lastIndexOf('/');
      if (slash < 0) {
        return null;
      }
      p = p.substring(0, slash);
    }
  }

  /** The overrides set on exactly {@code path}. */
  List<HealingOverride> at(String path) {
    List<HealingOverride> out = new ArrayList<>(0);
    if (path.equals(rootPath)) {
      addIfSet(out, pause);
      addIfSet(out, dryRun);
    }
    addIfSet(out, suspensions.get(path));
    return out;
  }

  List<HealingOverride> all() {
    List<HealingOverride> out = new ArrayList<>();
    addIfSet(out, pause);
    addIfSet(out, dryRun);
    out.addAll(suspensions.values());
    return out;
  }

  private static void addIfSet(List<HealingOverride> out, HealingOverride o) {
    if (o != null) {
      out.add(o);
    }
  }

  /** The override of {@code kind} on exactly {@code path}, or null. */
  HealingOverride get(Kind kind, String path) {
    return switch (kind) {
      case PAUSE -> path.equals(rootPath) ? pause : null;
      case DRY_RUN -> path.equals(rootPath) ? dryRun : null;
      case SUSPEND -> suspensions.get(path);
    };
  }

  /** Puts {@code o} in force, replacing the one of its kind on its path. Root actor only. */
  void put(HealingOverride o) {
    switch (o.kind()) {
      case PAUSE -> pause = o;
      case DRY_RUN -> {
        dryRunEpoch.incrementAndGet();
        dryRun = o;
      }
      case SUSPEND -> suspensions.put(o.path(), o);
    }
  }

  /** Lifts the override of {@code kind} on {@code path}, if any. Root actor only. */
  void remove(Kind kind, String path) {
    switch (kind) {
      case PAUSE -> pause = null;
      case DRY_RUN -> dryRun = null;
      case SUSPEND -> suspensions.remove(path);
    }
  }

  /**
   * A new override, validated on the caller's thread (before any signal is posted).
   *
   * @throws NullPointerException     naming {@code actor} or {@code reason}
   * @throws IllegalArgumentException naming {@code expiresAfter} and its value when it is not positive
   */
  static HealingOverride of(Kind kind, String path, Actor actor, String reason, Duration expiresAfter,
      Clock wallClock) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(reason, "reason");
    if (expiresAfter != null && (expiresAfter.isNegative() || expiresAfter.isZero())) {
      throw new IllegalArgumentException("expiresAfter must be > 0 (or null for no expiry), was " + expiresAfter);
    }
    return new HealingOverride(kind, path, actor, reason,
        expiresAfter == null ? null : wallClock.instant().plus(expiresAfter));
  }
}
