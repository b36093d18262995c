package dev.selfheal.recovery.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.FaultControl;
import dev.selfheal.core.spi.FaultControlProvider;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The operator object: string commands in, validated specs and JSON out; and the off path's cost. */
class ChaosControlTest {
  private static final Actor ANA = Actor.operator("ana");
  private final FaultInjector payments = FaultInjector.builder("payments").build();
  private final ChaosControl chaos = ChaosControl.of(payments, FaultInjector.builder("worker").build());

  @Test
  void injectAndClear_byPointName() {
    FaultInjection f = chaos.inject("payments", Map.of("fault", "exception", "message", "503",
        "trigger", "probability", "p", "0.25", "durationMillis", "2000"), ANA);
    assertThat(f.spec()).isEqualTo(FaultSpec.builder(Fault.exception("503"))
        .trigger(FaultTrigger.probability(0.25)).duration(Duration.ofSeconds(2)).build());
    assertThat(chaos.active()).containsExactly(f);
    assertThat(chaos.toJson()).isEqualTo("{\"points\":[{\"name\":\"payments\",\"active\":{\"id\":\"" + f.id()
        + "\",\"spec\":\"exception '503', probability 0.25, for 2000ms\",\"state\":\"ARMED\","
        + "\"actor\":\"operator:ana\",\"calls\":0,\"fired\":0}},{\"name\":\"worker\",\"active\":null}]}");
    assertThat(chaos.clearAll(ANA)).isEqualTo(1);
    assertThat(chaos.active()).isEmpty();
  }

  @Test
  void everyKindParses() {
    assertThat(ChaosControl.parse(Map.of("fault", "latency", "delayMillis", "30", "trigger", "every", "n", "4"), ANA))
        .isEqualTo(FaultSpec.builder(Fault.latency(Duration.ofMillis(30))).trigger(FaultTrigger.everyNth(4)).build());
    assertThat(ChaosControl.parse(Map.of("fault", "hang", "trigger", "first", "n", "1", "scope", "component"), ANA))
        .isEqualTo(FaultSpec.builder(Fault.hang()).trigger(FaultTrigger.firstCalls(1))
            .scope(FaultSpec.Scope.COMPONENT).build());
    assertThat(ChaosControl.parse(Map.of("fault", "crash", "trigger", "now", "startAfterMillis", "5"), ANA))
        .isEqualTo(FaultSpec.builder(Fault.crash()).trigger(FaultTrigger.now()).startAfter(Duration.ofMillis(5))
            .build());
    assertThat(ChaosControl.parse(Map.of("fault", "exception"), ANA).fault().message())
        .isEqualTo("injected by operator:ana");
  }

  @Test
  void hostileInput_isRefusedNamingTheParameterAndTheValue() {
    assertRefused(Map.of("fault", "explode"), "fault must be exception, latency, hang or crash, was 'explode'");
    assertRefused(Map.of(), "fault is required, was null");
    assertRefused(Map.of("fault", "latency"), "delayMillis is required, was null");
    assertRefused(Map.of("fault", "latency", "delayMillis", "soon"),
        "delayMillis must be an integer number of milliseconds, was 'soon'");
    assertRefused(Map.of("fault", "exception", "trigger", "probability", "p", "2"),
        "p must be a number within (0, 1], was '2'");
    assertRefused(Map.of("fault", "exception", "trigger", "probability", "p", "NaN"),
        "p must be a number within (0, 1], was 'NaN'");
    assertRefused(Map.of("fault", "exception", "trigger", "probability", "p", "often"),
        "p must be a number within (0, 1], was 'often'");
    assertRefused(Map.of("fault", "exception", "trigger", "every", "n", "0"), "n must be >= 1, was 0");
    assertRefused(Map.of("fault", "exception", "durationMillis", "-1"),
        "durationMillis was '-1': duration must be within (0, PT24H], was PT-0.001S");
    assertRefused(Map.of("fault", "latency", "delayMillis", "0"), "delayMillis was '0': delay must be within (0, ");
    assertRefused(Map.of("fault", "exception", "scope", "galaxy"), "scope must be instance or component, was 'galaxy'");
    assertRefused(Map.of("fault", "exception", "colour", "red"), "unknown parameter 'colour'");
    assertThatThrownBy(() -> chaos.inject("nowhere", Map.of("fault", "crash"), ANA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("point: no injection point named 'nowhere' (known: [payments, worker])");
    assertThatThrownBy(() -> chaos.inject("payments", Map.of("fault", "crash"), ANA))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a crash action");
  }

  @Test
  void boundToAContext_itIsFoundThroughCoresSpiThere_andOnlyThere() {
    ManualTicker t = new ManualTicker();
    RuntimeContext mine = RuntimeContext.builder().ticker(t).scheduler(new ManualScheduler(t)).build();
    RuntimeContext other = RuntimeContext.builder().ticker(t).scheduler(new ManualScheduler(t)).build();
    List<FaultControlProvider> providers = ServiceLoader.load(FaultControlProvider.class).stream()
        .map(ServiceLoader.Provider::get).toList();
    assertThat(providers).hasAtLeastOneElementOfType(ChaosControlProvider.class);
    RuntimeContext.Registration binding = chaos.bind(mine);
    FaultControl control = new ChaosControlProvider().faultControls(mine).iterator().next();
    assertThat(new ChaosControlProvider().faultControls(other)).isEmpty();

    FaultControl.Outcome armed = control.inject("payments", Map.of("fault", "exception"), ANA);
    assertThat(armed.status()).isEqualTo(PolicyControl.Status.DONE);
    assertThat(control.points()).extracting(FaultControl.Point::name, FaultControl.Point::state)
        .containsExactly(tuple("payments", "ARMED"), tuple("worker", "IDLE"));
    assertThat(control.points().get(0).fault()).containsEntry("id", armed.fault()).containsEntry("actor", "operator:ana");
    assertThat(control.inject("payments", Map.of("fault", "explode"), ANA)).isEqualTo(new FaultControl.Outcome(
        PolicyControl.Status.INVALID, "", "fault must be exception, latency, hang or crash, was 'explode'"));
    assertThat(control.inject("nowhere", Map.of("fault", "crash"), ANA)).isEqualTo(FaultControl.Outcome.notFound());
    assertThat(control.clear("payments", ANA)).isEqualTo(new FaultControl.Outcome(PolicyControl.Status.DONE,
        armed.fault(), ""));
    assertThat(control.clear("payments", ANA).status()).isEqualTo(PolicyControl.Status.UNCHANGED);

    binding.close();
    assertThat(new ChaosControlProvider().faultControls(mine)).isEmpty();
  }

  private static void assertRefused(Map<String, String> params, String message) {
    assertThatThrownBy(() -> ChaosControl.parse(params, ANA)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void theOffPathAllocatesNothing() {
    var bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
    var hotspot = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(hotspot.isThreadAllocatedMemorySupported() && hotspot.isThreadAllocatedMemoryEnabled());
    Integer value = 42;
    Supplier<Integer> guarded = payments.decorate(() -> value);
    int n = 1_000_000;
    Runnable calls = () -> {
      for (int i = 0; i < n; i++) {
        guarded.get();
      }
    };
    for (int warm = 0; warm < 5; warm++) {
      calls.run(); // until compiled: the interpreter and the compiler may allocate on this thread
    }
    long id = Thread.currentThread().getId();
    long before = hotspot.getThreadAllocatedBytes(id);
    calls.run();
    assertThat(hotspot.getThreadAllocatedBytes(id) - before).as("less than one object per thousand calls").isLessThan(n / 1000 * 16);
  }
}
