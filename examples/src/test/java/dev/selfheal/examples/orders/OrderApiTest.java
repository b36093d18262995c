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

/** The order service's HTTP API: orders, hostile input, and the token-guarded chaos operator API. */
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
    service.start(0, HealthEndpointConfig.builder().port(0).build(), token);
    return service;
  }

  private String call(String method, String pathAndQuery, String token) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + service.apiPort() + pathAndQuery)
        .toURL().openConnection();
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
        .startsWith("201 {\"order\":1,\"sku\":\"sku-1\",\"quantity\":2,\"payment\":\"charged\"}");
    assertThat(call("GET", "/orders/1", null)).startsWith("200 {\"order\":1");
    assertThat(call("POST", "/orders?sku=sku-1&qty=0", null))
        .isEqualTo("400 {\"error\":\"qty must be an integer within [1, 1000], was '0'\"}");
    assertThat(call("POST", "/orders?sku=%3Cscript%3E", null))
        .isEqualTo("400 {\"error\":\"sku must be 1 to 32 letters, digits or '-', was '<script>'\"}");
    assertThat(call("POST", "/orders?sku=a&sku=b", null))
        .isEqualTo("400 {\"error\":\"parameter 'sku' must be given once\"}");
  }

  @Test
  void chaosCommandsNeedTheToken() throws IOException {
    start(null);
    assertThat(call("POST", "/chaos/inject?point=payment-gateway&fault=exception", TOKEN)).startsWith("403 ");
    service.close();
    start(TOKEN);
    assertThat(call("GET", "/chaos", null)).startsWith("401 ");
    assertThat(call("GET", "/chaos", "wrong-token-0123456789")).startsWith("401 ");
    assertThat(service.chaos.active()).isEmpty();
  }

  @Test
  void anOperatorSwitchesAFaultOnAndOffOverHttp() throws IOException {
    start(TOKEN);
    assertThat(call("POST", "/chaos/inject?point=payment-gateway&fault=exception&message=503", TOKEN))
        .matches("201 \\{\"id\":\"fault-\\d+\"}");
    FaultInjection f = service.chaos.active().get(0);
    assertThat(f.actor().name()).isEqualTo("operator:http");
    assertThat(call("POST", "/orders?sku=a", null)).as("the fallback answers").contains("\"payment\":\"pending\"");
    assertThat(call("GET", "/chaos", TOKEN)).contains("\"name\":\"payment-gateway\",\"active\":{\"id\":\"" + f.id());
    assertThat(call("POST", "/chaos/clear?point=payment-gateway", TOKEN)).isEqualTo("200 {\"cleared\":true}");
    assertThat(call("POST", "/orders?sku=a", null)).contains("\"payment\":\"charged\"");
    assertThat(call("POST", "/chaos/inject?point=payment-gateway&fault=explode", TOKEN))
        .isEqualTo("400 {\"error\":\"fault must be exception, latency, hang or crash, was 'explode'\"}");
    assertThat(call("POST", "/chaos/inject?point=nowhere&fault=crash", TOKEN)).startsWith("400 {\"error\":\"point: ");
  }
}
