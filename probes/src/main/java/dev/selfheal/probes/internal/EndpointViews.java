package dev.selfheal.probes.internal;

import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.probes.ComponentHealth;
import dev.selfheal.probes.HealthCheck;
import dev.selfheal.probes.HealthMonitor;
import dev.selfheal.probes.ProbeKind;
import dev.selfheal.probes.ProbeResult;
import dev.selfheal.probes.ProcessHealth;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The endpoint's bodies: Kubernetes-style health text and the JSON of the tree, the journal and the policies.
 * With {@code redact}, every failure text goes through {@link Redactor} (what an unauthenticated caller sees).
 *
 * <p>Stateless and thread-safe.
 */
final class EndpointViews {
  private EndpointViews() {}

  static String health(ProcessHealth h, ProbeKind kind, boolean verbose, boolean redact) {
    String endpoint = switch (kind) {
      case LIVENESS -> "livez";
      case READINESS -> "readyz";
      case STARTUP -> "startupz";
    };
    if (!verbose && h.passing()) {
      return "ok\n";
    }
    StringBuilder body = new StringBuilder();
    for (HealthCheck c : h.checks()) {
      if (verbose || (!c.excluded() && c.contribution() == HealthStatus.DOWN)) {
        body.append(line(c, redact)).append('\n');
      }
    }
    if (verbose && !h.unknownExclusions().isEmpty()) {
      body.append("warn: some health checks cannot be excluded: no matches for ");
      for (int i = 0; i < h.unknownExclusions().size(); i++) {
        body.append(i == 0 ? "" : ", ").append('"').append(oneLine(h.unknownExclusions().get(i))).append('"');
      }
      body.append('\n');
    }
    return body.append(endpoint).append(h.passing() ? " check passed\n" : " check failed\n").toString();
  }

  /** One Kubernetes-style check line. */
  static String line(HealthCheck c, boolean redact) {
    String name = oneLine(c.name());
    if (c.excluded()) {
      return "[+]" + name + " excluded: ok";
    }
    String why = c.message().isEmpty() ? c.status().name().toLowerCase(Locale.ROOT)
        : oneLine(redact ? Redactor.redact(c.message()) : c.message());
    return switch (c.status()) {
      case UP -> "[+]" + name + " ok";
      case DEGRADED -> "[+]" + name + " degraded: " + why;
      case DOWN -> "[-]" + name + " failed: " + why + (c.critical() ? "" : " (non-critical)");
    };
  }

  static String tree(SupervisorTree tree, HealthMonitor monitor, boolean redact) {
    JsonWriter w = new JsonWriter().beginObject()
        .member("root", tree.rootPath())
        .member("failed", tree.failed())
        .member("paused", tree.paused())
        .member("dryRun", tree.dryRun())
        .member("redacted", redact)
        .name("tree");
    node(w, tree.snapshot(), monitor, redact);
    return w.endObject().toString();
  }

  private static void node(JsonWriter w, ChildSnapshot s, HealthMonitor monitor, boolean redact) {
    if (s == null) {
      w.nullValue();
      return;
    }
    w.beginObject()
        .member("path", s.path())
        .member("id", s.id())
        .member("kind", s.kind().name())
        .member("restartType", s.restartType().name())
        .member("state", s.state().name())
        .member("held", text(s.held(), redact))
        .member("generation", s.generation())
        .member("restarts", s.restarts())
        .member("restartsInWindow", s.restartsInWindow())
        .member("lastFailure", text(s.lastFailure(), redact))
        .member("lastFailureTime", s.lastFailureTime() == null ? null : s.lastFailureTime().toString())
        .member("strategy", s.strategy() == null ? null : s.strategy().name());
    ComponentHealth h = monitor.component(s.path());
    if (h != null) {
      w.name("health").beginObject()
          .member("status", h.status().name())
          .member("ready", h.ready())
          .member("started", h.started())
          .member("generation", h.generation())
          .member("critical", h.critical())
          .member("message", text(h.message(), redact))
          .name("probes").beginObject();
      for (Map.Entry<ProbeKind, ProbeResult> e : h.lastResults().entrySet()) {
        w.name(e.getKey().label()).beginObject()
            .member("passed", e.getValue().passed())
            .member("message", text(e.getValue().message(), redact))
            .name("details").beginObject();
        e.getValue().details().forEach((k, v) -> w.member(k, text(v, redact)));
        w.endObject().endObject();
      }
      w.endObject().endObject();
    }
    w.name("children").beginArray();
    for (ChildSnapshot c : s.children()) {
      node(w, c, monitor, redact);
    }
    w.endArray().endObject();
  }

  /**
   * The records after {@code since} (none when {@code since} is at or past the newest, so the top of the range
   * never wraps to everything), and the refusal lane's total and, for an authenticated caller, its records
   * (they name client addresses).
   */
  static String journal(Journal journal, long since, long refusedTotal, boolean redact) {
    long last = journal.lastSequence();
    List<JournalRecord> records = since >= last ? List.of() : journal.since(since);
    JsonWriter w = new JsonWriter().beginObject()
        .member("lastSequence", last)
        .member("evicted", journal.evicted())
        .member("redacted", redact)
        .name("records").beginArray();
    for (JournalRecord r : records) {
      w.rawValue(record(r, redact).toJson());
    }
    w.endArray().name("refusals").beginObject().member("total", refusedTotal).name("records").beginArray();
    for (JournalRecord r : redact ? List.<JournalRecord>of() : journal.refusals().tail()) {
      w.rawValue(r.toJson());
    }
    return w.endArray().endObject().endObject().toString();
  }

  private static JournalRecord record(JournalRecord r, boolean redact) {
    return redact ? new JournalRecord(r.sequence(), r.time(), r.path(), r.kind(), Redactor.redact(r.cause()),
        Redactor.redact(r.decision()), r.actor(), r.duration()) : r;
  }

  static String policies(List<PolicyControl.Policy> policies) {
    JsonWriter w = new JsonWriter().beginObject().name("policies").beginArray();
    for (PolicyControl.Policy p : policies) {
      w.beginObject().member("kind", p.kind()).member("name", p.name()).member("state", p.state())
          .name("metrics").beginObject();
      new java.util.TreeMap<>(p.metrics()).forEach((k, v) -> w.name(k).scalar(v));
      w.endObject().endObject();
    }
    return w.endArray().endObject().toString();
  }

  private static String text(String s, boolean redact) {
    return redact ? Redactor.redact(s) : s;
  }

  /** Keeps client-supplied or multi-line text on one line of a text response. */
  static String oneLine(String s) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), 500));
    for (int i = 0; i < s.length() && i < 500; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    return sb.toString();
  }
}
