package dev.selfheal.core;

/** The outcome of a child-management call, with OTP's vocabulary. */
public enum ChildOutcome {
  /** Done. */
  OK,
  /** {@code startChild}: a child with that id is already running (OTP {@code already_started}). */
  ALREADY_STARTED,
  /** {@code startChild}: a child with that id exists but is stopped (OTP {@code already_present}). */
  ALREADY_PRESENT,
  /** The child is running, so the call does not apply ({@code start} or {@code delete}). */
  RUNNING,
  /** The child is between a failed restart and its retry (OTP {@code restarting}). */
  RESTARTING,
  /** No child at that path. */
  NOT_FOUND
}
