package dev.selfheal.probes.internal;

import dev.selfheal.core.FailureReport;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.probes.ProbeEvent;
import dev.selfheal.probes.ProbeJournalKind;
import dev.selfheal.probes.ProbeKind;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one component's probe verdicts: for each, its journal record, its event and (for a failure report)
 * its log line and the report to the supervisor, together and from typed kinds.
 *
 * <p>Called outside the owning {@link ProbedComponent}'s lock: the journal, the event bus and the tree run
 * subscribers' code. Thread-safe (stateless beyond its final fields).
 */
final class VerdictPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(ProbedComponent.class);

  private final String path;
  private final SupervisorTree tree;

  VerdictPublisher(String path, SupervisorTree tree) {
    this.path = path;
    this.tree = tree;
  }

  /** A liveness or startup probe passed its failure threshold: the instance is reported failed. */
  void reportFailure(long generation, ProbeKind kind, String reason) {
    LOG.warn("supervisor={} child={} reason={} context=generation {}", tree.rootPath(), path, reason, generation);
    tree.journal().append(path, ProbeJournalKind.of(kind), reason,
        "report failure of instance " + generation + " to its supervisor", Actor.automatic(), Duration.ZERO);
    tree.events().publish(new ProbeEvent.FailureReported(path, generation, kind, reason));
    tree.reportFailure(path, generation, FailureReport.of(FailureReport.Source.PROBE, reason,
        Map.of("probe", kind.label(), "generation", Long.toString(generation))));
  }

  /**
   * The component's readiness changed: an event always, and a journal record when a readiness or startup
   * probe decides it ({@code journaled}); without one, readiness only follows the instance's start and end,
   * which the supervisor's own records already say.
   */
  void readinessChanged(long generation, boolean ready, String reason, boolean journaled) {
    if (journaled) {
      tree.journal().append(path, ProbeJournalKind.READINESS, reason, ready ? "ready" : "not ready",
          Actor.automatic(), Duration.ZERO);
    }
    tree.events().publish(new ProbeEvent.ReadinessChanged(path, generation, ready, reason));
  }
}
