package dev.selfheal.recovery.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildContext;
import dev.selfheal.core.ComponentUnavailableException;
import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.SupervisorSpec;
import dev.selfheal.core.SupervisorTree;
import dev.selfheal.core.annotation.Overrides;
import dev.selfheal.core.annotation.Supervised;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.core.spi.CallInterceptor;
import dev.selfheal.recovery.CircuitBreakerConfig;
import dev.selfheal.recovery.CircuitOpenException;
import dev.selfheal.recovery.Pipeline;
import dev.selfheal.recovery.Retry;
import dev.selfheal.recovery.RetryConfig;
import dev.selfheal.recovery.annotation.CircuitBreaker;
import dev.selfheal.recovery.annotation.Fallback;
import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Policies declared with recovery's annotations on a supervised interface, and their programmatic twin. */
class AnnotatedPoliciesTest {

  @Supervised(id = "quotes", fatal = IllegalStateException.class)
  public interface Quotes {
    @dev.selfheal.recovery.annotation.Retry(maxRetries = 1, abortOn = IllegalStateException.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 60, delayUnit = ChronoUnit.SECONDS)
    String quote(String mode) throws IOException;

    @Fallback(fallbackMethod = "cached")
    String price(String symbol);

    default String cached(String symbol, Throwable failure) {
      return "cached " + symbol + " after " + failure.getClass().getSimpleName();
    }

    @dev.selfheal.recovery.annotation.Retry(maxRetries = 1)
    int attempts();
  }

  static final class Real implements Quotes {
    final ChildContext ctx;
    final AtomicInteger attempts = new AtomicInteger();

    Real(ChildContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public String quote(String mode) throws IOException {
      switch (mode) {
        case "io":
          throw new IOException("feed down");
        case "fatal":
          throw new IllegalStateException("corrupt cache");
        default:
          return "quote from #" + ctx.generation();
      }
    }

    @Override
    public String price(String symbol) {
      return symbol + "=42";
    }

    @Override
    public int attempts() {
      throw new IllegalArgumentException("attempt " + attempts.incrementAndGet());
    }
  }

  private static SupervisorTree tree(SupervisorSpec.Builder b) {
    SupervisorTree t = SupervisorTree.builder(b.build()).build();
    t.start();
    return t;
  }

  /** Runs the same calls and returns what each caller saw, then the journal's kinds. */
  private static List<String> scenario(HandleOptions options) throws Exception {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app").intensity(10, Duration.ofSeconds(10));
    Quotes q = b.supervise(Quotes.class, Real::new, options);
    List<String> seen = new ArrayList<>();
    SupervisorTree t = tree(b);
    try {
      for (String mode : List.of("ok", "fatal", "ok", "io", "ok", "io", "ok")) {
        try {
          seen.add(q.quote(mode));
        } catch (Exception e) {
          seen.add(e.getClass().getSimpleName());
        }
        if (mode.equals("fatal")) {
          await().atMost(Duration.ofSeconds(10)).until(() -> t.snapshot().find("app/quotes").generation() == 2
              && t.currentInstance("app/quotes").isPresent());
        }
      }
    } finally {
      t.stop();
    }
    t.journal().tail().stream().map(JournalRecord::kind).forEach(seen::add);
    return seen;
  }

  @Test
  void annotations_and_the_programmatic_form_behave_identically() throws Exception {
    List<String> annotated = scenario(HandleOptions.ofDefaults());
    // the programmatic twin builds its policies per tree too, so its breaker journals to the tree's journal
    CallInterceptor.PerTree perTree = (context, ticker) -> Pipeline.builder()
        .retry(Retry.of("quotes.quote", RetryConfig.builder().maxAttempts(2).fixedBackoff(Duration.ZERO)
            .retryOnException(e -> e instanceof Exception && !(e instanceof IllegalStateException)).build()))
        .circuitBreaker(dev.selfheal.recovery.CircuitBreaker.of("quotes.quote", CircuitBreakerConfig.builder()
            .slidingWindow(4).minimumNumberOfCalls(4).failureRateThreshold(0.5).openFor(Duration.ofSeconds(60))
            .permittedCallsInHalfOpen(1).ticker(ticker).build(), context.journal()))
        .build();
    List<String> programmatic = scenario(HandleOptions.builder().discoverProviders(false)
        .intercept("quote", perTree).build());
    // ok, fatal (not retried, restarts), ok on #2, then io fails once: 2 of 4 calls failed, the breaker opens
    // and the io call's retry is refused by it, as is everything after
    assertThat(annotated).startsWith("quote from #1", "IllegalStateException", "quote from #2",
        "CircuitOpenException", "CircuitOpenException", "CircuitOpenException", "CircuitOpenException");
    assertThat(annotated).contains("child.restart", "circuit.transition");
    assertThat(programmatic).isEqualTo(annotated);
  }

  @Test
  void a_fallback_method_answers_while_the_component_is_down() {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app");
    Quotes q = b.supervise(Quotes.class, Real::new, HandleOptions.builder().awaitInstance(Duration.ZERO).build());
    SupervisorTree t = tree(b);
    try {
      assertThat(q.price("ACME")).isEqualTo("ACME=42");
      t.stopChild("app/quotes", Actor.operator("test")).join();
      assertThat(q.price("ACME")).isEqualTo("cached ACME after ComponentUnavailableException");
      assertThatThrownBy(() -> q.quote("ok")).isInstanceOf(ComponentUnavailableException.class);
    } finally {
      t.stop();
    }
  }

  private static int attemptsWith(Map<String, String> overrides) {
    SupervisorSpec.Builder b = SupervisorSpec.builder("app");
    Real[] real = new Real[1];
    Quotes q = b.supervise(Quotes.class, ctx -> real[0] = new Real(ctx),
        HandleOptions.builder().overrides(Overrides.mapOnly(overrides)).build());
    SupervisorTree t = tree(b);
    try {
      assertThatThrownBy(q::attempts).isInstanceOf(IllegalArgumentException.class);
      return real[0].attempts.get();
    } finally {
      t.stop();
    }
  }

  @Test
  void overrides_go_method_then_class_then_global_and_can_turn_a_policy_off() {
    String cls = Quotes.class.getName();
    assertThat(attemptsWith(Map.of())).isEqualTo(2);
    assertThat(attemptsWith(Map.of("Retry/maxRetries", "4"))).isEqualTo(5);
    assertThat(attemptsWith(Map.of("Retry/maxRetries", "4", cls + "/Retry/maxRetries", "2"))).isEqualTo(3);
    assertThat(attemptsWith(Map.of("Retry/maxRetries", "4", cls + "/Retry/maxRetries", "2",
        cls + "/attempts/Retry/maxRetries", "0"))).isEqualTo(1);
    assertThat(attemptsWith(Map.of(cls + "/attempts/Retry/enabled", "false"))).isEqualTo(1);
  }

  @Test
  void a_bad_override_names_the_method_the_annotation_the_key_and_the_value() {
    assertThatThrownBy(() -> attemptsWith(Map.of("Retry/maxRetries", "many")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(Quotes.class.getName() + ".quote: @Retry: override Retry/maxRetries must be an integer,"
            + " was 'many'");
  }
}
