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
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
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
 * <p>This class is thread-safe: sampling is synchronized (one sample of all streams at a time), recording is
 * lock-free, health reads two volatile fields.
 */
public final class ComponentMetricWatch implements MetricWatch {
  private static final Logger LOG = LoggerFactory.getLogger(ComponentMetricWatch.class);

  /** The stream name of the JVM's heap after GC. */
  public static final String HEAP_AFTER_GC = "jvm.heap.afterGc";
  /** The stream name of the JVM's GC pause time. */
  public static final String GC_PAUSE = "jvm.gc.pauseMillis";
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

  /** The journal kind of a proactive command undone when its time was up. */
  enum Undo implements JournalKind {
    UNDONE;

    @Override
    public String wire() {
      return "anomaly.action.undone";
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

  /** A command's time was up: journaled and logged like the warning that set it. */
  private void undone(PolicyCommands.Applied undo) {
    String decision = undo.describe();
    String cause = "end of " + undo.command().describe();
    tree.journal().append(path, Undo.UNDONE, cause, decision, Actor.automatic(), Duration.ZERO);
    LOG.atInfo().addKeyValue("path", path).addKeyValue("kind", Undo.UNDONE.wire())
        .log("watch path={} kind={} decision={}", path, Undo.UNDONE.wire(), decision);
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

  // ---- JVM streams, read through the platform's management beans

  /** The heap pools' usage after their latest collection, in bytes (pools that report none are skipped). */
  public static double heapAfterGc() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        MemoryUsage u = pool.getCollectionUsage();
        if (u != null) {
          used += u.getUsed();
        }
      }
    }
    return used;
  }

  /** The maximum heap in bytes, or NaN when the JVM sets none (then the heap is watched without a forecast). */
  public static double maxHeap() {
    long max = Runtime.getRuntime().maxMemory();
    return max == Long.MAX_VALUE ? Double.NaN : max;
  }

  /** Milliseconds spent in collections since the JVM started (collectors that report none are skipped). */
  public static double gcMillis() {
    long ms = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      long t = gc.getCollectionTime();
      if (t > 0) {
        ms += t;
      }
    }
    return ms;
  }
}
