package dev.selfheal.core;

/** The three shapes of supervised child. */
public enum ChildKind {
  /** A {@link Component}: {@code start()} returns when it can serve, {@code stop()} releases it. */
  SERVICE,
  /** A {@link Worker}: a {@code run(context)} loop on its own thread; returning is a normal exit. */
  WORKER,
  /** A nested supervisor. */
  SUPERVISOR
}
