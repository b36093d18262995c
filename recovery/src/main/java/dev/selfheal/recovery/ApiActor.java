package dev.selfheal.recovery;

import dev.selfheal.core.event.Actor;

/**
 * The actor of every policy's actor-less operation ({@code reconfigure(config)}, the breaker's
 * {@code transitionTo(state)} and {@code reset()}): {@code Actor.operator("api")}. Code that calls these acts
 * from outside the library's own healing, so the journal must not file it as {@link Actor#automatic()}, which
 * would let an audit mistake a manual override for an automatic decision. One constant so no policy drifts.
 */
final class ApiActor {
  static final Actor API = Actor.operator("api");

  private ApiActor() {}
}
