package dev.selfheal.core;

import dev.selfheal.core.event.Actor;
import java.time.Instant;
import java.util.Objects;

/**
 * An operator's override of automatic healing, in force until lifted or until it expires: healing paused
 * (the whole tree), dry-run (the whole tree), or healing suspended for one child or one subtree.
 *
 * <ul>
 *   <li>{@link Kind#PAUSE}: failures are recorded and journaled; decisions wait and are taken when it
 *       lifts.</li>
 *   <li>{@link Kind#DRY_RUN}: decisions are computed and journaled as "would …", nothing is done; when it
 *       lifts, every FAILED child is decided again.</li>
 *   <li>{@link Kind#SUSPEND}: failures of the child at {@code path} and of everything under it are
 *       recorded (last failure, a {@code child.suspended-failure} record) but not acted on and not counted
 *       toward any intensity; an instance that ended on its own shows FAILED and is decided when it lifts.</li>
 * </ul>
 *
 * Each one is journaled when set ({@code operator.pause}, {@code operator.dry-run}, {@code operator.suspend},
 * with the reason as cause), when lifted, and when it expires ({@code override.expired}). The tree snapshot
 * shows them on the node they apply to ({@link ChildSnapshot#overrides()}).
 *
 * @param kind      which override
 * @param path      the tree path it applies to (the root's for pause and dry-run)
 * @param actor     who set it
 * @param reason    why, as the operator said it; never null, may be empty
 * @param expiresAt when it lifts itself (wall clock, for humans; measured on the tree's ticker), or null
 */
public record HealingOverride(Kind kind, String path, Actor actor, String reason, Instant expiresAt) {

  /** The kinds of override. */
  public enum Kind {
    /** Automatic healing is paused in the whole tree. */
    PAUSE,
    /** Decisions are journaled as "would ..." and not carried out. */
    DRY_RUN,
    /** Healing of one subtree is suspended. */
    SUSPEND
  }

  /**
   * Refuses null components, except {@code expiresAt}.
   *
   * @param kind which override
   * @param path the tree path it applies to (the root's for pause and dry-run)
   * @param actor who set it
   * @param reason why, as the operator said it; never null, may be empty
   * @param expiresAt when it lifts itself (wall clock, for humans; measured on the tree's ticker), or null
   */
  public HealingOverride {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(reason, "reason");
  }
}
