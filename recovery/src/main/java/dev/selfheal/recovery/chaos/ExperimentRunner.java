package dev.selfheal.recovery.chaos;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.event.SupervisorJournalKind;
import dev.selfheal.core.spi.Ticker;
import dev.selfheal.recovery.RecoveryJournalKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs {@link Experiment}s against a running service and measures, from the journal and the serving check,
 * how fast it heals.
 *
 * <p><b>One repetition:</b> wait until the service serves; inject the fault; the <b>fault time</b> is when
 * its first {@code fault.fired} record reaches the journal; the <b>detection time</b> is fault time → the
 * first healing decision after it (by default a {@code child.restart}, {@code child.exit},
 * {@code child.hold}, {@code supervisor.escalate}, {@code tree.failed}, a liveness, startup or readiness
 * verdict, or a breaker opening); the <b>recovery time</b> is fault time → the first poll after the detection at which the serving
 * check passes, or, if the experiment has a {@link Experiment.Builder#servedAt servedAt} stamp that lies
 * between the fault and that poll, → the stamp. Then the fault is cleared (if it is still armed) and the
 * runner settles. Records are timestamped with the runner's ticker as the journal delivers them
 * (synchronously, on the thread that appends), and the serving check is polled every {@code pollInterval},
 * so recovery times without a stamp are upper bounds by at most one poll interval plus the wake-up latency
 * of the runner's thread in real runs (on a busy machine up to milliseconds).
 *
 * <p><b>A soak</b> injects nothing, runs for its duration, and reports every healing action it saw: a
 * healthy service shows none.
 *
 * <p>With a {@link LoadGenerator}, the result counts every request sent from the start of the experiment to
 * its end, after waiting one request deadline so that requests still in flight are decided; the failed and
 * lost ones are listed.
 *
 * <p>Time is injected: with a {@code dev.selfheal.test.ManualTicker} (selfheal-test) and a pause that advances a
 * {@code dev.selfheal.test.ManualScheduler} (selfheal-test), a run is deterministic.
 *
 * <p>This class is not thread-safe: run one experiment at a time.
 */
public final class ExperimentRunner {
  /** The journal kinds the default healing predicate accepts (with the breaker and readiness refinements). */
  private static final Set<String> HEALING_KINDS = Set.of(SupervisorJournalKind.CHILD_RESTART.wire(),
      SupervisorJournalKind.CHILD_EXIT.wire(), SupervisorJournalKind.SUPERVISOR_ESCALATE.wire(),
      SupervisorJournalKind.TREE_FAILED.wire(), SupervisorJournalKind.CHILD_HOLD.wire(), "probe.liveness",
      "probe.startup");
  private static final String RESTART = SupervisorJournalKind.CHILD_RESTART.wire();
  private static final String BREAKER = RecoveryJournalKind.CIRCUIT_TRANSITION.wire();
  // probes' wire forms (also in HEALING_KINDS): probes is another module that recovery never depends on (they meet through core),
  // and wire forms are a stable contract (JournalKind)
  private static final String READINESS = "probe.readiness";
  private static final Actor RUNNER = Actor.operator("experiment-runner");

  private final Journal journal;
  private final Ticker ticker;
  private final FaultInjector.Sleeper pause;
  private final long pollNanos;
  private final LoadGenerator load;
  private final Predicate<JournalRecord> healing;
  private final Consumer<String> progress;

  private ExperimentRunner(Builder b) {
    this.journal = b.journal;
    this.ticker = b.ticker;
    this.pause = b.pause;
    this.pollNanos = b.pollInterval.toNanos();
    this.load = b.load;
    this.healing = b.healing;
    this.progress = b.progress;
  }

  /**
   * A runner that reads healing decisions from {@code journal}.
   *
   * @param journal a runner that reads healing decisions from {@code journal}
   * @return a new builder
   */
  public static Builder builder(Journal journal) {
    return new Builder(journal);
  }

  /**
   * The default healing predicate: restart and exit decisions, escalations, probe verdicts, breaker openings.
   *
   * @param r a journal record
   * @return whether it is a healing decision
   */
  public static boolean isHealingDecision(JournalRecord r) {
    return HEALING_KINDS.contains(r.kind())
        || (r.kind().equals(BREAKER) && r.decision().endsWith("-> OPEN"))
        || (r.kind().equals(READINESS) && r.decision().equals("not ready"));
  }

  /**
   * Runs {@code experiment} and returns what it measured.
   *
   * @param experiment the experiment
   * @return what it measured
   * @throws IllegalStateException if interrupted
   */
  public ExperimentResult run(Experiment experiment) {
    List<Observed> seen = new ArrayList<>();
    long start = ticker.read();
    LoadGenerator.Counts load0 = load == null ? null : load.counts();
    List<ExperimentResult.Run> runs = new ArrayList<>();
    AutoCloseable subscription = journal.subscribe(r -> {
      long at = ticker.read();
      synchronized (seen) {
        seen.add(new Observed(at, r));
      }
    });
    try {
      if (experiment.isSoak()) {
        sleep(experiment.soak().toNanos());
      } else {
        for (int i = 1; i <= experiment.repetitions(); i++) {
          runs.add(repeat(experiment, i, seen));
          if (i % Math.max(1, experiment.repetitions() / 10) == 0) {
            progress.accept(experiment.name() + ": " + i + "/" + experiment.repetitions() + " repetitions");
          }
          sleep(experiment.settle().toNanos());
        }
      }
      if (load != null) {
        sleep(load.deadline().toNanos()); // let the requests still in flight be decided
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("experiment '" + experiment.name() + "' interrupted", e);
    } finally {
      close(subscription);
    }
    long elapsed = ticker.read() - start;
    Map<String, Integer> actions = new LinkedHashMap<>();
    long restarts = 0;
    long openings = 0;
    List<JournalRecord> records = new ArrayList<>();
    synchronized (seen) {
      seen.forEach(o -> records.add(o.record));
    }
    for (JournalRecord r : records) { // all of them, not the journal's bounded tail
      if (FaultRecordKind.of(r).isPresent() && !r.kind().equals(FaultRecordKind.FIRED.wire())) {
        continue; // arming and clearing are the runner's own doing; firings stay, to show what hit
      }
      String key = r.kind() + " " + r.path() + ": " + r.decision().replaceAll("fault-\\d+", "fault-N")
          .replaceAll("on call \\d+", "on call n").replaceAll("firing \\d+", "firing n")
          .replaceAll("instance \\d+", "instance n");
      actions.merge(key, 1, Integer::sum);
      restarts += r.kind().equals(RESTART) ? 1 : 0;
      openings += r.kind().equals(BREAKER) && r.decision().endsWith("-> OPEN") ? 1 : 0;
    }
    LoadGenerator.Counts counts = load == null ? null : load.counts(load0.sent());
    List<LoadGenerator.Failure> failures = load == null ? List.of() : load.failures(load0.sent());
    return new ExperimentResult(experiment.name(), experiment.isSoak(), runs,
        ExperimentResult.Stats.of(runs.stream().filter(r -> r.detectionNanos() >= 0)
            .mapToLong(ExperimentResult.Run::detectionNanos).toArray()),
        ExperimentResult.Stats.of(runs.stream().filter(r -> r.recoveryNanos() >= 0)
            .mapToLong(ExperimentResult.Run::recoveryNanos).toArray()),
        actions, restarts, openings, counts, failures, Duration.ofNanos(elapsed));
  }

  private ExperimentResult.Run repeat(Experiment e, int index, List<Observed> seen) throws InterruptedException {
    long deadline = ticker.read() + e.timeout().toNanos();
    if (!waitFor(e.serving(), deadline)) {
      return new ExperimentResult.Run(index, "", -1, -1, "not serving before the fault (timeout " + e.timeout() + ")");
    }
    int from;
    synchronized (seen) {
      from = seen.size();
    }
    FaultInjection f = e.inject().get();
    if (f == null) {
      throw new IllegalStateException("experiment '" + e.name() + "': inject returned null");
    }
    try {
      Observed fired = awaitRecord(seen, from, deadline, r -> r.kind().equals(FaultRecordKind.FIRED.wire())
          && FaultRecordKind.faultId(r).filter(f.id()::equals).isPresent());
      if (fired == null) {
        return new ExperimentResult.Run(index, f.id(), -1, -1, "the fault did not fire within " + e.timeout());
      }
      Observed detected = awaitRecord(seen, from, deadline, r -> healing.test(r));
      if (detected == null) {
        return new ExperimentResult.Run(index, f.id(), -1, -1, "no healing decision within " + e.timeout());
      }
      long detection = Math.max(0, detected.at - fired.at);
      if (!waitFor(e.serving(), deadline)) {
        return new ExperimentResult.Run(index, f.id(), detection, -1, "not serving again within " + e.timeout());
      }
      long checked = ticker.read();
      long stamped = e.servedAt().getAsLong();
      long served = stamped > fired.at && stamped <= checked ? stamped : checked;
      return new ExperimentResult.Run(index, f.id(), detection, served - fired.at, "");
    } finally {
      f.clear(RUNNER);
    }
  }

  private Observed awaitRecord(List<Observed> seen, int from, long deadline, Predicate<JournalRecord> p)
      throws InterruptedException {
    int next = from;
    while (true) {
      synchronized (seen) {
        for (; next < seen.size(); next++) {
          if (p.test(seen.get(next).record)) {
            return seen.get(next);
          }
        }
      }
      if (ticker.read() >= deadline) {
        return null;
      }
      pause.sleepNanos(pollNanos);
    }
  }

  private boolean waitFor(BooleanSupplier condition, long deadline) throws InterruptedException {
    while (!condition.getAsBoolean()) {
      if (ticker.read() >= deadline) {
        return false;
      }
      pause.sleepNanos(pollNanos);
    }
    return true;
  }

  private void sleep(long nanos) throws InterruptedException {
    long until = ticker.read() + nanos;
    for (long left = nanos; left > 0; left = until - ticker.read()) {
      pause.sleepNanos(Math.min(left, 100_000_000L)); // wake now and then, so that interrupts are seen
    }
  }

  private static void close(AutoCloseable subscription) {
    try {
      subscription.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not unsubscribe from the journal", e);
    }
  }

  private record Observed(long at, JournalRecord record) {}

  /** Builder of {@link ExperimentRunner}. Not thread-safe. */
  public static final class Builder {
    private final Journal journal;
    private Ticker ticker = Ticker.system();
    private FaultInjector.Sleeper pause = nanos -> {
      LockSupport.parkNanos(nanos);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    };
    private Duration pollInterval = Duration.ofNanos(50_000);
    private LoadGenerator load;
    private Predicate<JournalRecord> healing = ExperimentRunner::isHealingDecision;
    private Consumer<String> progress = line -> {};

    private Builder(Journal journal) {
      if (journal == null) {
        throw new IllegalArgumentException("journal must not be null");
      }
      this.journal = journal;
    }

    /**
     * The ticker that times everything. Default {@link Ticker#system()}.
     *
     * @param ticker the ticker that times everything
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = notNull("ticker", ticker);
      return this;
    }

    /**
     * How the runner waits between polls. Default {@link LockSupport#parkNanos}; tests advance a manual scheduler.
     *
     * @param pause how the runner waits between polls
     * @return this builder
     */
    public Builder pause(FaultInjector.Sleeper pause) {
      this.pause = notNull("pause", pause);
      return this;
    }

    /**
     * How often the serving check and the journal are polled. Default 50 µs; range (0, 1 s].
     *
     * @param interval how often the serving check and the journal are polled
     * @return this builder
     */
    public Builder pollInterval(Duration interval) {
      if (interval == null || interval.isNegative() || interval.isZero() || interval.compareTo(Duration.ofSeconds(1)) > 0) {
        throw new IllegalArgumentException("pollInterval must be within (0, PT1S], was " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /**
     * The load generator whose outcomes the results count (it must be started). Default: none.
     *
     * @param load the load generator whose outcomes the results count (it must be started)
     * @return this builder
     */
    public Builder load(LoadGenerator load) {
      this.load = notNull("load", load);
      return this;
    }

    /**
     * Which journal records count as a healing decision. Default {@link ExperimentRunner#isHealingDecision}.
     *
     * @param healing which journal records count as a healing decision
     * @return this builder
     */
    public Builder healingDecision(Predicate<JournalRecord> healing) {
      this.healing = notNull("healingDecision", healing);
      return this;
    }

    /**
     * Receives a progress line every tenth of an experiment's repetitions. Default: none.
     *
     * @param progress the progress
     * @return this builder
     */
    public Builder progress(Consumer<String> progress) {
      this.progress = notNull("progress", progress);
      return this;
    }

    /** {@return the runner} */
    public ExperimentRunner build() {
      return new ExperimentRunner(this);
    }

    private static <T> T notNull(String field, T value) {
      if (value == null) {
        throw new IllegalArgumentException(field + " must not be null");
      }
      return value;
    }
  }
}
