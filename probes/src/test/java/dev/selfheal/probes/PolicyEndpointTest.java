package dev.selfheal.probes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.probes.internal.JdkHealthEndpoint;
import dev.selfheal.probes.internal.PolicyDirectory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operator commands for breakers and bulkheads over HTTP, through core's policy SPI, with and without the token. */
class PolicyEndpointTest {
  static final String TOKEN = "policy-token-0123456789";

  /** A control holding one breaker and one bulkhead, recording every command it applies. */
  static final class FakeControl implements PolicyControl {
    record Applied(String kind, String name, Action action, int value, Actor actor) {}

    final List<Applied> applied = new CopyOnWriteArrayList<>();
    volatile String breakerState = "CLOSED";
    volatile int limit = 10;

    @Override
    public List<Policy> policies() {
      return List.of(new Policy(CIRCUIT_BREAKER, "payments", breakerState, Map.of("failureRate", 12.5, "rejectedCalls", 3L)),
          new Policy(BULKHEAD, "db", "ACCEPTING", Map.of("maxConcurrentCalls", limit, "availablePermits", 7)));
    }

    @Override
    public Outcome apply(String kind, String name, Action action, int value, Actor actor) {
      if (kind.equals(CIRCUIT_BREAKER) && name.equals("payments")) {
        String target = switch (action) {
          case FORCE_OPEN -> "FORCED_OPEN";
          case DISABLE -> "DISABLED";
          case CLOSE, RESET -> "CLOSED";
          case SET_LIMIT -> null;
        };
        if (target == null) {
          return new Outcome(Status.NOT_APPLICABLE, breakerState, "set-limit does not apply to a circuitbreaker");
        }
        if (target.equals(breakerState) && action != Action.RESET) {
          return new Outcome(Status.UNCHANGED, breakerState, "");
        }
        applied.add(new Applied(kind, name, action, value, actor));
        breakerState = target;
        return new Outcome(Status.DONE, breakerState, "");
      }
      if (kind.equals(BULKHEAD) && name.equals("db")) {
        if (value < 1) {
          return new Outcome(Status.INVALID, "ACCEPTING", "maxConcurrentCalls must be >= 1, was " + value);
        }
        applied.add(new Applied(kind, name, action, value, actor));
        limit = value;
        return new Outcome(Status.DONE, "ACCEPTING", "");
      }
      return Outcome.notFound();
    }
  }

  final FakeTree tree = new FakeTree();
  final FakeControl control = new FakeControl();
  final HealthMonitor monitor = HealthMonitor.builder(tree).probeExecutor(Runnable::run).discoverProviders(false).build();
  HealthEndpoint endpoint;
  int port;

  @BeforeEach
  void setUp() {
    endpoint = new JdkHealthEndpoint(tree, monitor, HealthEndpointConfig.builder().port(0).bearerToken(TOKEN).build(),
        PolicyDirectory.of(() -> List.of(new PolicyControl() {
          @Override
          public List<Policy> policies() {
            return List.of(); // an empty control first: commands go to the one that knows the policy
          }

          @Override
          public Outcome apply(String kind, String name, Action action, int value, Actor actor) {
            return Outcome.notFound();
          }
        }, control)));
    endpoint.start();
    port = endpoint.address().getPort();
  }

  @AfterEach
  void tearDown() {
    endpoint.stop();
  }

  String post(String target, boolean withToken) throws Exception {
    return RawHttp.send(port, "POST " + target + " HTTP/1.1\r\nHost: x\r\n"
        + (withToken ? "Authorization: Bearer " + TOKEN + "\r\n" : "") + "\r\n");
  }

  @Test
  void policiesAreListedWithStateAndMetrics() throws Exception {
    assertThat(RawHttp.status(RawHttp.send(port, "GET /selfheal/policies HTTP/1.1\r\n\r\n"))).isEqualTo(401);
    String r = RawHttp.send(port, "GET /selfheal/policies HTTP/1.1\r\nAuthorization: Bearer " + TOKEN + "\r\n\r\n");
    assertThat(RawHttp.status(r)).isEqualTo(200);
    assertThat(MiniJson.object(RawHttp.body(r))).isEqualTo(Map.of("policies", List.of(
        Map.of("kind", "circuitbreaker", "name", "payments", "state", "CLOSED",
            "metrics", Map.of("failureRate", 12.5, "rejectedCalls", 3L)),
        Map.of("kind", "bulkhead", "name", "db", "state", "ACCEPTING",
            "metrics", Map.of("availablePermits", 7L, "maxConcurrentCalls", 10L)))));
  }

  @Test
  void withoutTheTokenNoCommandReachesAPolicy() throws Exception {
    for (String target : List.of("/selfheal/breaker/force-open?name=payments", "/selfheal/breaker/disable?name=payments",
        "/selfheal/breaker/close?name=payments", "/selfheal/breaker/reset?name=payments",
        "/selfheal/bulkhead/limit?name=db&limit=5")) {
      assertThat(RawHttp.status(post(target, false))).as(target).isEqualTo(401);
    }
    assertThat(control.applied).isEmpty();
    assertThat(control.breakerState).isEqualTo("CLOSED");
  }

  @Test
  void withTheTokenBreakersAndBulkheadsAreCommandedAndTheActorIsPassedOn() throws Exception {
    String open = post("/selfheal/breaker/force-open?name=payments", true);
    assertThat(RawHttp.status(open)).isEqualTo(200);
    assertThat(MiniJson.object(RawHttp.body(open))).isEqualTo(Map.of("command", "force-open", "kind", "circuitbreaker",
        "name", "payments", "outcome", "DONE", "state", "FORCED_OPEN", "message", ""));
    String again = post("/selfheal/breaker/force-open?name=payments", true);
    assertThat(RawHttp.status(again)).as("idempotent").isEqualTo(200);
    assertThat(MiniJson.object(RawHttp.body(again))).containsEntry("outcome", "UNCHANGED");
    assertThat(MiniJson.object(RawHttp.body(post("/selfheal/breaker/disable?name=payments", true))))
        .containsEntry("state", "DISABLED");
    assertThat(MiniJson.object(RawHttp.body(post("/selfheal/breaker/close?name=payments", true))))
        .containsEntry("state", "CLOSED");
    assertThat(RawHttp.status(post("/selfheal/breaker/reset?name=payments", true))).isEqualTo(200);
    assertThat(RawHttp.status(post("/selfheal/bulkhead/limit?name=db&limit=4", true))).isEqualTo(200);
    assertThat(control.limit).isEqualTo(4);

    assertThat(control.applied).extracting(FakeControl.Applied::action).containsExactly(PolicyControl.Action.FORCE_OPEN,
        PolicyControl.Action.DISABLE, PolicyControl.Action.CLOSE, PolicyControl.Action.RESET,
        PolicyControl.Action.SET_LIMIT);
    assertThat(control.applied).extracting(FakeControl.Applied::actor).containsOnly(
        Actor.operator("http:default@127.0.0.1"));
  }

  @Test
  void unknownInvalidAndMalformedCommandsAnswerFromTheOneTable() throws Exception {
    String ghost = post("/selfheal/breaker/close?name=ghost", true);
    assertThat(RawHttp.status(ghost)).isEqualTo(404);
    assertThat(MiniJson.object(RawHttp.body(ghost))).containsEntry("outcome", "NOT_FOUND");
    String invalid = post("/selfheal/bulkhead/limit?name=db&limit=0", true);
    assertThat(RawHttp.status(invalid)).isEqualTo(400);
    assertThat(MiniJson.object(RawHttp.body(invalid))).containsEntry("outcome", "INVALID")
        .containsEntry("message", "maxConcurrentCalls must be >= 1, was 0");
    assertThat(RawHttp.body(post("/selfheal/bulkhead/limit?name=db&limit=many", true)))
        .isEqualTo("bad request: query parameter 'limit' must be an integer, was 'many'\n");
    assertThat(RawHttp.body(post("/selfheal/breaker/close", true)))
        .isEqualTo("bad request: query parameter 'name' must be a policy name of 1 to 200 visible characters, was missing\n");
    assertThat(RawHttp.status(post("/selfheal/bulkhead/limit?name=db&limit=0", false)))
        .as("input is checked after authentication").isEqualTo(401);
    assertThat(control.applied).isEmpty();
  }
}
