package dev.selfheal.core.internal.supervisor;

import static dev.selfheal.core.event.SupervisorJournalKind.OPERATOR_DRY_RUN;
import static dev.selfheal.core.event.SupervisorJournalKind.OPERATOR_PAUSE;
import static dev.selfheal.core.event.SupervisorJournalKind.OPERATOR_RESUME;
import static dev.selfheal.core.event.SupervisorJournalKind.OPERATOR_SUSPEND;
import static dev.selfheal.core.event.SupervisorJournalKind.OVERRIDE_EXPIRED;

import dev.selfheal.core.HealingOverride;
import dev.selfheal.core.HealingOverride.Kind;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator overrides of one tree in force: pause, dry-run (tree-wide) and suspensions (per child or
 * subtree), each with its actor, reason and optional expiry, journaled when set, lifted and expired.
 *
 * <pre>{@code
 *   none ──set (journaled)──► in force ──lift (journaled, by an operator)──► none
 *                                 └──expiry on the tree's scheduler (journaled, automatic)──► none
 * }</pre>
 *
 * <p>Setting one again replaces it (new reason, new expiry; the old expiry no longer applies). When one
 * lifts, the supervisors decide again every FAILED child it was holding (see
 * {@link SupervisorNode#reevaluateFailed}).
 *
 * <p>Thread-safe: changes are serialised by this object's lock (operators are rare); supervisors read the
 * volatile fields and the concurrent map without locking.
 */
final class Overrides {
  private final Tree tree;
  private final String rootPath;
  private volatile HealingOverride pause;
  private volatile HealingOverride dryRun;
  private volatile long dryRunEpoch;
  private final Map<String, HealingOverride> suspensions = new ConcurrentHashMap<>();

  Overrides(Tree tree, String rootPath) {
    this.tree = tree;
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
    return dryRunEpoch;
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

  synchronized void pause(Actor actor, String reason, Duration expiresAfter) {
    pause = set(Kind.PAUSE, rootPath, actor, reason, expiresAfter, OPERATOR_PAUSE,
        "automatic healing paused; failures are recorded, decisions wait");
    tree.overridesChanged(rootPath, false);
  }

  synchronized void resume(Actor actor) {
    pause = null;
    journal(OPERATOR_RESUME, rootPath, "", "automatic healing resumed; deferred failures are decided now",
        actor);
    tree.overridesChanged(rootPath, true);
  }

  synchronized void dryRun(boolean enabled, Actor actor, String reason, Duration expiresAfter) {
    if (enabled) {
      dryRunEpoch++;
      dryRun = set(Kind.DRY_RUN, rootPath, actor, reason, expiresAfter, OPERATOR_DRY_RUN,
          "dry-run on: decisions are journaled as 'would ...' and not carried out");
      tree.overridesChanged(rootPath, false);
    } else {
      dryRun = null;
      journal(OPERATOR_DRY_RUN, rootPath, reason(reason),
          "dry-run off: decisions are carried out; failed children are decided now", actor);
      tree.overridesChanged(rootPath, true);
    }
  }

  synchronized void suspend(String path, Actor actor, String reason, Duration expiresAfter) {
    suspensions.put(path, set(Kind.SUSPEND, path, actor, reason, expiresAfter, OPERATOR_SUSPEND,
        "healing suspended for '" + path + "' and everything under it: failures recorded, not acted on, not counted"));
    tree.overridesChanged(path, false);
  }

  synchronized void lift(String path, Actor actor) {
    if (suspensions.remove(path) != null) {
      journal(OPERATOR_SUSPEND, path, "", "suspension lifted: failed children are decided now", actor);
      tree.overridesChanged(path, true);
    }
  }

  private HealingOverride set(Kind kind, String path, Actor actor, String reason, Duration expiresAfter,
      JournalKind journalKind, String decision) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(reason, "reason");
    if (expiresAfter != null && (expiresAfter.isNegative() || expiresAfter.isZero())) {
      throw new IllegalArgumentException("expiresAfter must be > 0 (or null for no expiry), was " + expiresAfter);
    }
    HealingOverride o = new HealingOverride(kind, path, actor, reason,
        expiresAfter == null ? null : tree.wallClock().instant().plus(expiresAfter));
    journal(journalKind, path, reason, decision + (expiresAfter == null ? "" : "; expires after " + expiresAfter),
        actor);
    if (expiresAfter != null) {
      tree.scheduler().schedule(() -> expire(o), expiresAfter.toNanos()); // runs after us: it takes our lock
    }
    return o; // the caller puts it in force, then tells the supervisors

  }

  /** {@code o} reached its expiry: lifted if it is still the one in force (not lifted or replaced meanwhile). */
  private synchronized void expire(HealingOverride o) {
    boolean current = switch (o.kind()) {
      case PAUSE -> pause == o;
      case DRY_RUN -> dryRun == o;
      case SUSPEND -> suspensions.get(o.path()) == o;
    };
    if (!current) {
      return;
    }
    switch (o.kind()) {
      case PAUSE -> pause = null;
      case DRY_RUN -> dryRun = null;
      case SUSPEND -> suspensions.remove(o.path());
    }
    journal(OVERRIDE_EXPIRED, o.path(), reason(o.reason()), o.kind().name().toLowerCase(java.util.Locale.ROOT)
        .replace('_', '-') + " set by " + o.actor() + " expired and lifted itself; failed children are decided now",
        Actor.automatic());
    tree.overridesChanged(o.path(), true);
  }

  private static String reason(String reason) {
    return reason == null ? "" : reason;
  }

  private void journal(JournalKind kind, String path, String cause, String decision, Actor actor) {
    tree.journal().append(path, kind, cause, decision, actor, Duration.ZERO);
  }
}
