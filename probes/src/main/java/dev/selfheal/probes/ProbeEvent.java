package dev.selfheal.probes;

/**
 * Transitions decided by probes, published on the tree's {@link dev.selfheal.core.event.EventBus} (after the
 * state change, outside any lock, on the probe or scheduler thread that decided it) and journaled:
 *
 * <pre>{@code
 * tree.events().subscribe(ProbeEvent.ReadinessChanged.class, e -> log.info("{} ready={}", e.path(), e.ready()));
 * }</pre>
 */
public sealed interface ProbeEvent {

  /** The component the event is about. */
  String path();

  /** The instance the event is about. */
  long generation();

  /** A component turned READY or NOT_READY. */
  record ReadinessChanged(String path, long generation, boolean ready, String reason) implements ProbeEvent {}

  /**
   * A liveness or startup probe passed its failure threshold and the instance was reported failed to its
   * supervisor, with {@code reason} such as {@code "liveness failed 3/3: connection refused"}.
   */
  record FailureReported(String path, long generation, ProbeKind kind, String reason) implements ProbeEvent {}
}
