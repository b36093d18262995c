package dev.selfheal.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.probes.HealthEndpointConfig;
import dev.selfheal.recovery.chaos.FaultInjection;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The order service's HTTP API (orders, hostile input) and its chaos commands on the probes endpoint. */
class OrderApiTest {
  private static final String TOKEN = "chaos-token-0123456789";
  private OrderService service;

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  private OrderService start(String token) throws IOException {
    service = new OrderService();
    service.start(0, HealthEndpointConfig.builder().port(0).bearerToken(token).build());
    return service;
  }

  private String call(String method, String pathAndQuery, String token) throws IOException {
    return call(URI.create("http://127.0.0.1:" + service.apiPort() + pathAndQuery), method, token);
  }

  private static String call(URI uri, String method, String token) throws IOException {
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    c.setRequestMethod(method);
    if (token != null) {
      c.setRequestProperty("Authorization", "Bearer " + token);
    }
    int status = c.getResponseCode();
    try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
      return status + " " + (in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void ordersAreAcceptedAndBadInputIsRefusedNamingTheField() throws IOException {
    start(null);
    assertThat(call("POST", "/orders?sku=sku-1&qty=2", null))
        .startsWith("201 {\"order\":1,\"sku\":\"sku-1\",\"quantity\":2,\"payment\":\"charged\",\"stock\":\"in stock\","
            + "\"price\":"); // the price and delivery estimate are the sync workers' latest copies

    assertThat(call("GET", "/orders/1", null)).startsWith("200 {\"order\":1");
    assertThat(call("POST", "/orders?sku=sku-1&qty=0", null))
        .isEqualTo("400 {\"error\":\"qty must be an integer within [1, 1000], was '0'\"}");
    assertThat(call("POST", "/orders?sku=%3Cscript%3E", null))
        .isEqualTo("400 {\"error\":\"sku must be 1 to 32 letters, digits or '-', was '<script>'\"}");
    assertThat(call("POST", "/orders?sku=a&sku=b", null))
        .isEqualTo("400 {\"error\":\"parameter 'sku' must be given once\"}");
  }

  /** A call to the probes endpoint, where the operator commands are. */
  private String operator(String method, String pathAndQuery, String token) throws IOException {
    return call(URI.create("http://" + service.probesAddress().replaceFirst("^.*/", "") + pathAndQuery), method, token);
  }

  @Test
  void chaosCommandsAreTheProbesEndpointsAndNeedItsToken() throws IOException {
    start(null);
    assertThat(operator("POST", "/selfheal/chaos/inject?name=payment-gateway&fault=exception", TOKEN))
        .startsWith("403 ");
    assertThat(call("POST", "/chaos/inject?point=payment-gateway&fault=exception", TOKEN))
        .as("the order API has no operator route of its own").startsWith("404 ");
    service.close();
    start(TOKEN);
    assertThat(operator("GET", "/selfheal/chaos", null)).startsWith("401 ");
    assertThat(operator("POST", "/selfheal/chaos/inject?name=payment-gateway&fault=exception",
        "wrong-token-0123456789")).startsWith("401 ");
    assertThat(service.chaos.active()).isEmpty();
  }

  @Test
  void anOperatorSwitchesAFaultOnAndOffOverHttp_journaledWithTheOperator() throws IOException {
    start(TOKEN);
    assertThat(operator("POST", "/selfheal/chaos/inject?name=payment-gateway&fault=exception&message=503", TOKEN))
        .matches("200 \\{\"command\":\"inject\",\"name\":\"payment-gateway\",\"outcome\":\"DONE\",\"fault\":\"fault-\\d+\",\"message\":\"\"}");
    FaultInjection f = service.chaos.active().get(0);
    assertThat(f.actor().name()).isEqualTo("operator:http:default@127.0.0.1");
    assertThat(service.tree.journal().tail()).filteredOn(r -> r.kind().equals("fault.armed")).singleElement()
        .satisfies(r -> assertThat(r.actor()).isEqualTo(f.actor()));
    assertThat(call("POST", "/orders?sku=a", null)).as("the fallback answers").contains("\"payment\":\"pending\"");
    assertThat(operator("GET", "/selfheal/chaos", TOKEN)).contains("{\"name\":\"payment-gateway\",\"state\":\"ARMED\","
        + "\"fault\":{\"actor\":\"operator:http:default@127.0.0.1\"");
    assertThat(operator("POST", "/selfheal/chaos/clear?name=payment-gateway", TOKEN))
        .startsWith("200 {\"command\":\"clear\",\"name\":\"payment-gateway\",\"outcome\":\"DONE\",\"fault\":\"" + f.id());
    assertThat(service.tree.journal().tail()).filteredOn(r -> r.kind().equals("fault.cleared")).singleElement()
        .satisfies(r -> assertThat(r.actor()).isEqualTo(f.actor()));
    assertThat(call("POST", "/orders?sku=a", null)).contains("\"payment\":\"charged\"");
  }

  @Test
  void hostileChaosInputIsRefusedNamingTheFieldAndTheValue() throws IOException {
    start(TOKEN);
    assertThat(operator("POST", "/selfheal/chaos/inject?name=payment-gateway&fault=explode", TOKEN)).isEqualTo("400 "
        + "{\"command\":\"inject\",\"name\":\"payment-gateway\",\"outcome\":\"INVALID\",\"fault\":\"\","
        + "\"message\":\"fault must be exception, latency, hang or crash, was 'explode'\"}");
    assertThat(operator("POST", "/selfheal/chaos/inject?name=payment-gateway&fault=exception&trigger=probability&p=1.5",
        TOKEN)).startsWith("400 ").contains("\"message\":\"p must be a number within (0, 1], was '1.5'\"");
    assertThat(operator("POST", "/selfheal/chaos/inject?name=payment-gateway&fault=exception&durationMillis=-1",
        TOKEN)).startsWith("400 ").contains("\"message\":\"durationMillis was '-1': duration must be within");
    assertThat(operator("POST", "/selfheal/chaos/inject?fault=crash", TOKEN)).isEqualTo("400 bad request: query "
        + "parameter 'name' must be an injection point name of 1 to 200 visible characters, was missing\n");
    assertThat(operator("POST", "/selfheal/chaos/inject?name=nowhere&fault=crash", TOKEN)).startsWith("404 ")
        .contains("\"message\":\"no injection point named 'nowhere'\"");
    assertThat(service.chaos.active()).isEmpty();
  }
}
