package dev.selfheal.probes.internal.anomaly;

import dev.selfheal.core.FailureReport;
import dev.selfheal.core.HealingOverride;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.EventBus;
import dev.selfheal.core.event.JournalKind;
import dev.selfheal.core.event.SupervisorEvent;
import dev.selfheal.core.spi.HealthReport;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.core.spi.Scheduler;
import dev.selfheal.core.spi.Ticker;
import dev.selfheal.probes.anomaly.AnomalyDetectorConfig;
import dev.selfheal.probes.anomaly.AnomalyEvent;
import dev.selfheal.probes.anomaly.ExhaustionForecast;
import dev.selfheal.probes.anomaly.MetricWatch;
import dev.selfheal.probes.anomaly.ProactiveAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MetricWatch} of one component: the streams, the sampling loop on the tree's scheduler, and the
 * one announcer of warnings (journal record, event, log line, DEGRADED health, optional failure report).
 *
 * <pre>{@code
 *        warning (anomaly or exhaustion)
 *   UP ──────────────────────────────────► DEGRADED
 *    ▲                                        │ degradedFor after the latest warning
 *    └────────────────────────────────────────┘
 * }</pre>
 *
 * A policy command deferred by a pause or a suspension (see {@link ActionDecision}) is kept until the first
 * sample at which no override holds it, then decided again and journaled as {@code anomaly.action.resumed}:
 * carried out while the component is still DEGRADED, dropped once its warning is over. A deferred command
 * that is asked for again while it waits is kept once, with the latest warning's reason.
 *
 * <p>This class is thread-safe: sampling is synchronized (one sample of all streams at a time), recording is
 * lock-free, health reads two volatile fields.
 */
public final class ComponentMetricWatch implements MetricWatch {
  private static final Logger LOG = LoggerFactory.getLogger(ComponentMetricWatch.class);

  /** Fewer forecast points than this never warn: a trend needs some history. */
  static final int MIN_FORECAST_POINTS = 30;

  /** What a warning is, with its journal kind and its failure source. */
  enum Warning implements JournalKind {
    ANOMALY("anomaly.detected", FailureReport.Source.ANOMALY),
    EXHAUSTION("exhaustion.forecast", FailureReport.Source.EXHAUSTION_FORECAST);

    final String journalKind;
    final FailureReport.Source source;

    Warning(String journalKind, FailureReport.Source source) {
      this.journalKind = journalKind;
      this.source = source;
    }

    @Override
    public String wire() {
      return journalKind;
    }
  }

  /** The journal kinds of what follows a proactive command: its undo, and a deferred one decided on resume. */
  enum FollowUp implements JournalKind {
    UNDONE("anomaly.action.undone"),
    RESUMED("anomaly.action.resumed");

    final String wire;

    FollowUp(String wire) {
      this.wire = wire;
    }

    @Override
    public String wire() {
      return wire;
    }
  }

  private final SupervisorTree tree;
  private final String path;
  private final Map<String, WatchedStream> streams = new LinkedHashMap<>();
  private final long periodNanos;
  private final double anomalyThreshold;
  private final int warmupSamples;
  private final Duration horizon;
  private final double minConfidence;
  private final long degradedForNanos;
  private final List<ProactiveAction> onAnomaly;
  private final List<ProactiveAction> onExhaustion;
  private final PolicyCommands commands;
  private final Ticker ticker;
  private final Scheduler scheduler;

  private volatile long degradedUntil = Long.MIN_VALUE;
  private volatile String degradedReason = "";
  private volatile boolean resetPending;
  private final Map<ProactiveAction, String> deferred = new LinkedHashMap<>(); // action -> warning; guarded by this
  private boolean started; // guarded by this
  private boolean stopped; // guarded by this
  private Scheduler.Cancellable next; // guarded by this
  private EventBus.Subscription subscription; // guarded by this

  public ComponentMetricWatch(SupervisorTree tree, String path, List<StreamSpec> specs, Duration period,
      AnomalyDetectorConfig detector, double anomalyThreshold, int warmupSamples, Duration horizon,
      double minConfidence, Duration forecastMemory, Duration degradedFor, List<ProactiveAction> onAnomaly,
      List<ProactiveAction> onExhaustion) {
    this.tree = Objects.requireNonNull(tree, "tree");
    this.path = Objects.requireNonNull(path, "path");
    // A rest period follows only what the watch calls an anomaly.
    AnomalyDetectorConfig config = detector.toBuilder().alarmLevel(anomalyThreshold).build();
    for (StreamSpec s : specs) {
      streams.put(s.name(), new WatchedStream(s, config, forecastMemory));
    }
    this.periodNanos = period.toNanos();
    this.anomalyThreshold = anomalyThreshold;
    this.warmupSamples = warmupSamples;
    this.horizon = horizon;
    this.minConfidence = minConfidence;
    this.degradedForNanos = degradedFor.toNanos();
    this.onAnomaly = List.copyOf(onAnomaly);
    this.onExhaustion = List.copyOf(onExhaustion);
    this.ticker = tree.ticker();
    this.scheduler = tree.scheduler();
    boolean commanding = this.onAnomaly.stream().anyMatch(a -> !(a instanceof ProactiveAction.Restart))
        || this.onExhaustion.stream().anyMatch(a -> !(a instanceof ProactiveAction.Restart));
    this.commands = commanding ? new PolicyCommands(tree.context(), this::undone) : null;
  }

  @Override
  public String name() {
    return "anomaly:" + path;
  }

  @Override
  public HealthReport health() {
    long until = degradedUntil;
    if (until != Long.MIN_VALUE && ticker.read() - until < 0) {
      return HealthReport.degraded(degradedReason);
    }
    return HealthReport.up();
  }

  @Override
  public void record(String stream, double value) {
    WatchedStream s = streams.get(stream);
    if (s == null || s.spec.gauge() != null) {
      throw new IllegalArgumentException("stream must be a recorded stream of '" + path + "', was '" + stream + "'");
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value of stream '" + stream + "' must be finite, was " + value);
    }
    s.record(value);
  }

  @Override
  public synchronized void start() {
    if (started || stopped) {
      return;
    }
    started = true;
    subscription = tree.events().subscribe(SupervisorEvent.ChildStarted.class, e -> {
      if (e.path().equals(path)) {
        resetPending = true; // the sampling thread resets, under the lock
      }
    });
    next = scheduler.schedule(this::tick, periodNanos);
  }

  private void tick() {
    sampleNow();
    synchronized (this) {
      if (!stopped) {
        next = scheduler.schedule(this::tick, periodNanos);
      }
    }
  }

  @Override
  public synchronized void stop() {
    stopped = true;
    if (next != null) {
      next.cancel();
    }
    if (subscription != null) {
      subscription.close();
    }
    deferred.clear();
    if (commands != null) {
      commands.undoAll();
    }
  }

  @Override
  public synchronized void sampleNow() {
    if (resetPending) {
      resetPending = false;
      streams.values().forEach(WatchedStream::reset);
    }
    long now = ticker.read();
    if (!deferred.isEmpty()) {
      resumeDeferred(now);
    }
    for (WatchedStream s : streams.values()) {
      double value;
      try {
        value = s.take();
      } catch (RuntimeException e) {
        LOG.warn("watch path={} stream={}: the gauge threw; sample skipped", path, s.spec.name(), e);
        continue;
      }
      if (!Double.isFinite(value)) {
        continue;
      }
      double score = s.score(now, value);
      if (s.samples() > warmupSamples && score >= anomalyThreshold) {
        anomaly(now, s, score);
      }
      ExhaustionForecast f = s.forecast();
      if (f != null && s.exhaustionEdge(f.samples() >= MIN_FORECAST_POINTS && f.exhaustsWithin(horizon, minConfidence))) {
        exhaustion(now, s, f);
      }
    }
  }

  private void anomaly(long now, WatchedStream s, double score) {
    List<Double> recent = s.recent();
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("stream", s.spec.name());
    evidence.put("score", format(score));
    evidence.put("recent", formatList(recent));
    String reason = "anomaly on " + s.spec.name() + ": score " + format(score) + " >= " + format(anomalyThreshold);
    long gen = generation();
    announce(now, Warning.ANOMALY, reason, evidence, onAnomaly, gen,
        new AnomalyEvent.AnomalyDetected(path, gen, s.spec.name(), score, recent));
  }

  private void exhaustion(long now, WatchedStream s, ExhaustionForecast f) {
    Duration left = f.timeToExhaustion().orElseThrow();
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("stream", s.spec.name());
    evidence.put("timeToExhaustion", left.toString());
    evidence.put("confidence", format(f.confidence()));
    evidence.put("level", format(f.level()));
    evidence.put("limit", format(f.limit()));
    evidence.put("recent", formatList(s.recent()));
    String reason = s.spec.name() + " forecast to reach its limit " + format(f.limit()) + " in " + left
        + " (confidence " + format(f.confidence()) + ")";
    long gen = generation();
    announce(now, Warning.EXHAUSTION, reason, evidence, onExhaustion, gen,
        new AnomalyEvent.ExhaustionForecasted(path, gen, s.spec.name(), f));
  }

  /**
   * The one place a warning leaves the watch: the actions decided (a pure policy over the tree's
   * overrides), the commands performed, then journal, event, log, health, and the optional report.
   */
  private void announce(long now, Warning warning, String reason, Map<String, String> evidence,
      List<ProactiveAction> actions, long generation, AnomalyEvent event) {
    FailureReport failure = FailureReport.of(warning.source, reason, evidence);
    List<ActionDecision> decisions = ActionDecision.decide(actions, overrides(), generation, failure);
    StringBuilder decision = new StringBuilder("degraded");
    ActionDecision.Report report = null;
    for (ActionDecision d : decisions) {
      decision.append("; ");
      if (d instanceof ActionDecision.Report r) {
        report = r;
        decision.append("proactive restart requested");
      } else if (d instanceof ActionDecision.Command c) {
        decision.append(c.dryRun() ? "would " + c.describe() : commands.apply(c).describe());
      } else if (d instanceof ActionDecision.Withheld w) {
        decision.append(w.describe());
      } else if (d instanceof ActionDecision.Deferred f) {
        decision.append(f.describe());
        deferred.remove(f.action()); // kept once, in the order of the latest warning
        deferred.put(f.action(), reason);
      }
    }
    String cause = reason + " " + evidence;
    tree.journal().append(path, warning, cause, decision.toString(), Actor.automatic(), Duration.ZERO, evidence);
    tree.events().publish(event);
    LOG.atInfo().addKeyValue("path", path).addKeyValue("kind", warning.journalKind)
        .log("watch path={} kind={} decision={} reason={}", path, warning.journalKind, decision, reason);
    degradedReason = reason;
    degradedUntil = now + degradedForNanos;
    if (report != null) {
      tree.reportFailure(path, report.generation(), report.report());
    }
  }

  /**
   * The deferred commands decided again now that (if) no override holds them: each carried out (or "would"
   * in dry-run) or dropped, and journaled. Called under the lock, before the sample's own warnings.
   */
  private void resumeDeferred(long now) {
    ActionDecision.Overrides overrides = overrides();
    if (overrides.paused() || overrides.suspended()) {
      return;
    }
    long until = degradedUntil;
    boolean warningOver = until == Long.MIN_VALUE || now - until >= 0;
    List<Map.Entry<ProactiveAction, String>> due = new ArrayList<>(deferred.entrySet());
    deferred.clear();
    for (Map.Entry<ProactiveAction, String> e : due) {
      ActionDecision d = ActionDecision.resume(e.getKey(), overrides, warningOver);
      String decision;
      if (d instanceof ActionDecision.Command c) {
        decision = c.dryRun() ? "would " + c.describe() : commands.apply(c).describe();
      } else {
        decision = ((ActionDecision.Dropped) d).describe();
      }
      followUp(FollowUp.RESUMED, "deferred " + ActionDecision.describe(e.getKey()) + " after: " + e.getValue(),
          decision);
    }
  }

  /** A command's time was up: journaled and logged like the warning that set it. */
  private void undone(PolicyCommands.Applied undo) {
    followUp(FollowUp.UNDONE, "end of " + undo.command().describe(), undo.describe());
  }

  private void followUp(FollowUp kind, String cause, String decision) {
    tree.journal().append(path, kind, cause, decision, Actor.automatic(), Duration.ZERO);
    LOG.atInfo().addKeyValue("path", path).addKeyValue("kind", kind.wire())
        .log("watch path={} kind={} decision={}", path, kind.wire(), decision);
  }

  private ActionDecision.Overrides overrides() {
    boolean suspended = false;
    for (HealingOverride o : tree.overrides()) {
      if (o.kind() == HealingOverride.Kind.SUSPEND && (path.equals(o.path()) || path.startsWith(o.path() + "/"))) {
        suspended = true;
      }
    }
    return new ActionDecision.Overrides(tree.dryRun(), tree.paused(), suspended);
  }

  private long generation() {
    return tree.currentInstance(path).map(SupervisorEvent.ChildStarted::generation).orElse(0L);
  }

  @Override
  public List<String> streams() {
    return List.copyOf(streams.keySet());
  }

  @Override
  public synchronized ExhaustionForecast forecast(String stream) {
    WatchedStream s = streams.get(stream);
    if (s == null || Double.isNaN(s.spec.limit())) {
      throw new IllegalArgumentException("stream must be a limited stream of '" + path + "', was '" + stream + "'");
    }
    return s.forecast();
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  private static String formatList(List<Double> values) {
    List<String> s = new ArrayList<>(values.size());
    values.forEach(v -> s.add(format(v)));
    return s.toString();
  }
}
