package dev.selfheal.core;

/**
 * The lifecycle of one child, as its supervisor sees it.
 *
 * <pre>{@code
 *            start ok                      exit / failure / probe verdict
 *  STARTING ─────────► RUNNING ─────────────────────────────────────────────┐
 *     ▲   │ start fails   │ stop (operator, bystander, shutdown)            ▼
 *     │   └────────────►  ▼                                            (decision)
 *     │              STOPPING ──► STOPPED ◄──── no restart (TRANSIENT normal exit, dry-run, paused)
 *     │                                         ▲
 *     └──────────── RESTARTING ◄────────────────┘ restart decided (maybe after backoff)
 * }</pre>
 *
 * A TEMPORARY child that ends is removed rather than STOPPED. A child whose failure is recorded but whose
 * restart is not carried out (healing paused, or dry-run) is FAILED until a decision is taken.
 */
public enum ChildState {
  STARTING,
  RUNNING,
  STOPPING,
  STOPPED,
  RESTARTING,
  FAILED
}
