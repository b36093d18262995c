package dev.selfheal.probes;

/**
 * Transitions decided by probes, published on the tree's {@link dev.selfheal.core.event.EventBus} after the
 * state change and outside any lock, and journaled. Listeners run synchronously on the thread that decided the
 * transition: a probe thread, the scheduler's thread, or a supervisor's thread (a new instance starts NOT_READY);
 * like every tree listener they must be short and must never wait for the tree.
 *
 * <pre>{@code
 * tree.events().subscribe(ProbeEvent.ReadinessChanged.class, e -> log.info("{} ready={}", e.path(), e.ready()));
 * }</pre>
 */
public sealed interface ProbeEvent {

  /** {@return the path of the component the event is about} */
  String path();

  /** {@return the generation of the instance the event is about} */
  long generation();

  /**
   * A component turned READY or NOT_READY.
   *
   * @param path the component's path
   * @param generation the instance's generation
   * @param ready whether it is READY now
   * @param reason why, such as the failing probe's message
   */
  record ReadinessChanged(String path, long generation, boolean ready, String reason) implements ProbeEvent {}

  /**
   * A liveness or startup probe passed its failure threshold and the instance was reported failed to its
   * supervisor, with {@code reason} such as {@code "liveness failed 3/3: connection refused"}.
   *
   * @param path the component's path
   * @param generation the failed instance's generation
   * @param kind liveness or startup
   * @param reason the failure reported
   */
  record FailureReported(String path, long generation, ProbeKind kind, String reason) implements ProbeEvent {}
}
