package dev.selfheal.probes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.event.Actor;
import dev.selfheal.test.ManualScheduler;
import dev.selfheal.test.ManualTicker;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.core.spi.PolicyControlProvider;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The endpoint's policies are its tree's context's: added there, or shown there by a ServiceLoader provider. */
class PolicyDirectoryContextTest {

  /** Registered in META-INF/services for this test module; answers per context, nothing context-free. */
  public static final class PerContext implements PolicyControlProvider {
    static final Map<RuntimeContext, PolicyControl> BY_CONTEXT = new ConcurrentHashMap<>();

    @Override
    public Collection<? extends PolicyControl> policyControls() {
      return List.of();
    }

    @Override
    public Collection<? extends PolicyControl> policyControls(RuntimeContext context) {
      PolicyControl c = BY_CONTEXT.get(context);
      return c == null ? List.of() : List.of(c);
    }
  }

  /** One breaker named {@code name} in {@code state}. */
  record OneBreaker(String name, String state) implements PolicyControl {
    @Override
    public List<Policy> policies() {
      return List.of(new Policy(CIRCUIT_BREAKER, name, state, Map.of()));
    }

    @Override
    public Outcome apply(String kind, String name, Action action, int value, Actor actor) {
      return Outcome.notFound();
    }
  }

  @AfterEach
  void clear() {
    PerContext.BY_CONTEXT.clear();
  }

  private static RuntimeContext context() {
    ManualTicker t = new ManualTicker();
    return RuntimeContext.builder().ticker(t).scheduler(new ManualScheduler(t)).build();
  }

  private static List<String> states(RuntimeContext ctx) {
    return PolicyDirectory.forContext(ctx, PolicyDirectoryContextTest.class.getClassLoader()).controls().stream()
        .flatMap(c -> c.policies().stream()).map(p -> p.name() + "=" + p.state()).toList();
  }

  @Test
  void each_context_lists_its_own_policies_of_the_same_name() {
    RuntimeContext a = context();
    RuntimeContext b = context();
    a.addPolicyControl(new OneBreaker("payments", "FORCED_OPEN"));
    PerContext.BY_CONTEXT.put(a, new OneBreaker("search", "CLOSED"));
    RuntimeContext.Registration rb = b.addPolicyControl(new OneBreaker("payments", "CLOSED"));

    assertThat(states(a)).containsExactly("payments=FORCED_OPEN", "search=CLOSED");
    assertThat(states(b)).containsExactly("payments=CLOSED");
    rb.close();
    assertThat(states(b)).isEmpty();
  }
}
