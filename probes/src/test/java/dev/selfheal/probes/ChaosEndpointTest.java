package dev.selfheal.probes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.FaultControl;
import dev.selfheal.core.spi.FaultControlProvider;
import dev.selfheal.core.spi.PolicyControl.Status;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fault injection over HTTP through core's fault-control SPI: found by ServiceLoader per context, behind the
 * token, answered from the one command table, with the operator passed on as the actor.
 */
class ChaosEndpointTest {
  static final String TOKEN = "chaos-token-0123456789";

  /** Registered in META-INF/services for this test module: the controls bound to each context. */
  public static final class PerContext implements FaultControlProvider {
    static final Map<RuntimeContext, FaultControl> BY_CONTEXT = new ConcurrentHashMap<>();

    @Override
    public Collection<? extends FaultControl> faultControls(RuntimeContext context) {
      FaultControl c = BY_CONTEXT.get(context);
      return c == null ? List.of() : List.of(c);
    }
  }

  /** One point, "payments"; refuses any fault but "exception", as a real control refuses what it cannot parse. */
  static final class FakeControl implements FaultControl {
    record Command(String what, Map<String, String> parameters, Actor actor) {}

    final List<Command> commands = new CopyOnWriteArrayList<>();
    volatile boolean armed;

    @Override
    public List<Point> points() {
      return List.of(new Point("payments", armed ? "ARMED" : "IDLE", armed ? Map.of("id", "fault-7", "fired", 2L) : Map.of()));
    }

    @Override
    public Outcome inject(String point, Map<String, String> parameters, Actor actor) {
      if (!point.equals("payments")) {
        return Outcome.notFound();
      }
      if (!"exception".equals(parameters.get("fault"))) {
        return new Outcome(Status.INVALID, "", "fault must be exception, latency, hang or crash, was '"
            + parameters.get("fault") + "'");
      }
      commands.add(new Command("inject", Map.copyOf(parameters), actor));
      armed = true;
      return new Outcome(Status.DONE, "fault-7", "");
    }

    @Override
    public Outcome clear(String point, Actor actor) {
      if (!point.equals("payments")) {
        return Outcome.notFound();
      }
      commands.add(new Command("clear", Map.of(), actor));
      boolean was = armed;
      armed = false;
      return was ? new Outcome(Status.DONE, "fault-7", "") : new Outcome(Status.UNCHANGED, "", "");
    }
  }

  final FakeTree tree = new FakeTree();
  final FakeControl control = new FakeControl();
  final HealthMonitor monitor = HealthMonitor.builder(tree).probeExecutor(Runnable::run).discoverProviders(false).build();
  HealthEndpoint endpoint;
  int port;

  @BeforeEach
  void setUp() {
    PerContext.BY_CONTEXT.put(tree.context(), control);
    endpoint = HealthEndpoint.create(tree, monitor, HealthEndpointConfig.builder().port(0).bearerToken(TOKEN).build());
    endpoint.start();
    port = endpoint.address().getPort();
  }

  @AfterEach
  void tearDown() {
    endpoint.stop();
    PerContext.BY_CONTEXT.clear();
  }

  String send(String method, String target, boolean withToken) throws Exception {
    return RawHttp.send(port, method + " " + target + " HTTP/1.1\r\nHost: x\r\n"
        + (withToken ? "Authorization: Bearer " + TOKEN + "\r\n" : "") + "\r\n");
  }

  @Test
  void anOperatorArmsListsAndClearsAFault_andIsTheActor() throws Exception {
    String armed = send("POST", "/selfheal/chaos/inject?name=payments&fault=exception&message=gateway%20503", true);
    assertThat(RawHttp.status(armed)).isEqualTo(200);
    assertThat(MiniJson.object(RawHttp.body(armed))).isEqualTo(Map.of("command", "inject", "name", "payments",
        "outcome", "DONE", "fault", "fault-7", "message", ""));
    assertThat(control.commands).singleElement().isEqualTo(new FakeControl.Command("inject",
        Map.of("fault", "exception", "message", "gateway 503"), Actor.operator("http:default@127.0.0.1")));

    String listed = send("GET", "/selfheal/chaos", true);
    assertThat(RawHttp.status(listed)).isEqualTo(200);
    assertThat(MiniJson.object(RawHttp.body(listed))).isEqualTo(Map.of("points", List.of(
        Map.of("name", "payments", "state", "ARMED", "fault", Map.of("id", "fault-7", "fired", 2L)))));

    assertThat(MiniJson.object(RawHttp.body(send("POST", "/selfheal/chaos/clear?name=payments", true))))
        .containsEntry("outcome", "DONE").containsEntry("fault", "fault-7");
    String again = send("POST", "/selfheal/chaos/clear?name=payments", true);
    assertThat(RawHttp.status(again)).as("idempotent").isEqualTo(200);
    assertThat(MiniJson.object(RawHttp.body(again))).containsEntry("outcome", "UNCHANGED");
  }

  @Test
  void withoutTheTokenNothingIsArmedNorListed() throws Exception {
    assertThat(RawHttp.status(send("POST", "/selfheal/chaos/inject?name=payments&fault=exception", false))).isEqualTo(401);
    assertThat(RawHttp.status(send("POST", "/selfheal/chaos/clear?name=payments", false))).isEqualTo(401);
    assertThat(RawHttp.status(send("GET", "/selfheal/chaos", false))).isEqualTo(401);
    assertThat(RawHttp.status(send("GET", "/selfheal/chaos/inject?name=payments&fault=exception", true)))
        .as("a command is a POST").isEqualTo(405);
    assertThat(control.commands).isEmpty();
  }

  @Test
  void hostileInputIsRefusedNamingTheFieldAndTheValue() throws Exception {
    String unknown = send("POST", "/selfheal/chaos/inject?name=payments&fault=explode", true);
    assertThat(RawHttp.status(unknown)).isEqualTo(400);
    assertThat(MiniJson.object(RawHttp.body(unknown))).containsEntry("outcome", "INVALID")
        .containsEntry("message", "fault must be exception, latency, hang or crash, was 'explode'");
    assertThat(RawHttp.body(send("POST", "/selfheal/chaos/inject?fault=exception", true))).isEqualTo(
        "bad request: query parameter 'name' must be an injection point name of 1 to 200 visible characters, was missing\n");
    assertThat(RawHttp.body(send("POST", "/selfheal/chaos/clear?name=", true))).isEqualTo(
        "bad request: query parameter 'name' must be an injection point name of 1 to 200 visible characters, was ''\n");
    assertThat(RawHttp.body(send("POST", "/selfheal/chaos/inject?name=payments&fault=exception&fault=crash", true)))
        .isEqualTo("bad request: query parameter 'fault' must be given once, was given 2 times\n");
    String nowhere = send("POST", "/selfheal/chaos/inject?name=nowhere&fault=exception", true);
    assertThat(RawHttp.status(nowhere)).isEqualTo(404);
    assertThat(MiniJson.object(RawHttp.body(nowhere))).containsEntry("outcome", "NOT_FOUND")
        .containsEntry("message", "no injection point named 'nowhere'");
    assertThat(RawHttp.status(send("POST", "/selfheal/chaos/inject?name=payments&fault=explode", false)))
        .as("input is checked after authentication").isEqualTo(401);
    assertThat(control.commands).isEmpty();
  }

  @Test
  void anotherContextsPointsAreNotReachable() throws Exception {
    PerContext.BY_CONTEXT.clear();
    PerContext.BY_CONTEXT.put(RuntimeContext.builder().ticker(tree.ticker()).scheduler(tree.scheduler()).build(), control);
    assertThat(MiniJson.object(RawHttp.body(send("GET", "/selfheal/chaos", true)))).isEqualTo(Map.of("points", List.of()));
    assertThat(RawHttp.status(send("POST", "/selfheal/chaos/inject?name=payments&fault=exception", true))).isEqualTo(404);
    assertThat(control.commands).isEmpty();
  }
}
