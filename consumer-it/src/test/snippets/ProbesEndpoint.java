/**
 * Around the README's probes snippet. Run on a free port (health.port=0): /readyz answers, and an operator
 * command without a token is refused.
 */
class ProbesEndpoint {
  public static final class DatabasePool implements dev.selfheal.core.Component {
    volatile int idle = 4;

    @Override
    public void start() {}

    boolean ping() {
      return true;
    }

    int idleConnections() {
      return idle;
    }
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("health.port", "0");
    /*@snippet ProbesEndpoint*/
    try {
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + endpoint.address().getPort();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> client.send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/readyz")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
      java.net.http.HttpResponse<String> verbose = client.send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/readyz?verbose")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      org.assertj.core.api.Assertions.assertThat(verbose.body())
          .isEqualTo("[+]supervisor:app ok\n[+]app/db ok\nreadyz check passed\n");
      if (System.getenv("SELFHEAL_TOKEN") == null) {
        java.net.http.HttpResponse<String> command = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(base + "/selfheal/restart?path=app/db"))
            .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        org.assertj.core.api.Assertions.assertThat(command.statusCode()).isEqualTo(403);
      }
    } finally {
      endpoint.stop();
      monitor.stop();
      tree.stop();
      System.clearProperty("health.port");
    }
  }
}
