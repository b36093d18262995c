package dev.selfheal.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.probes.HealthEndpoint;
import dev.selfheal.probes.HealthEndpointConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifest's probes must hit the endpoint's real paths and port. Parsed line by line (no YAML
 * library): enough for the block style the manifest uses, and strict about what it looks for.
 */
class KubernetesManifestTest {
  static final Path MANIFEST = Path.of("k8s", "deployment.yaml");

  /** One probe block: its httpGet path and port as written. */
  record Probe(String path, String port, String scheme) {}

  static Map<String, Probe> probes(List<String> lines) {
    Map<String, Probe> probes = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String trimmed = lines.get(i).trim();
      if (!trimmed.endsWith("Probe:")) {
        continue;
      }
      String name = trimmed.substring(0, trimmed.length() - 1);
      int indent = indent(lines.get(i));
      String path = null;
      String port = null;
      String scheme = "HTTP";
      for (int j = i + 1; j < lines.size() && (lines.get(j).isBlank() || indent(lines.get(j)) > indent); j++) {
        String t = lines.get(j).trim();
        if (t.startsWith("path:")) {
          path = value(t);
        } else if (t.startsWith("port:")) {
          port = value(t);
        } else if (t.startsWith("scheme:")) {
          scheme = value(t);
        }
      }
      probes.put(name, new Probe(path, port, scheme));
    }
    return probes;
  }

  /** Named container ports: {@code - name: health} followed by {@code containerPort: 8081}. */
  static Map<String, String> namedPorts(List<String> lines) {
    Map<String, String> ports = new HashMap<>();
    for (int i = 0; i + 1 < lines.size(); i++) {
      String t = lines.get(i).trim();
      String next = lines.get(i + 1).trim();
      if (t.startsWith("- name:") && next.startsWith("containerPort:")) {
        ports.put(value(t.substring(2)), value(next));
      }
    }
    return ports;
  }

  static int indent(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  static String value(String keyValue) {
    String v = keyValue.substring(keyValue.indexOf(':') + 1).trim();
    int comment = v.indexOf(" #");
    if (comment >= 0) {
      v = v.substring(0, comment).trim();
    }
    if (v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'"))) {
      v = v.substring(1, v.length() - 1);
    }
    return v;
  }

  @Test
  void probesHitTheEndpointPathsOnItsPort() throws IOException {
    List<String> lines = Files.readAllLines(MANIFEST);
    Map<String, Probe> probes = probes(lines);
    Map<String, String> ports = namedPorts(lines);

    assertThat(probes).containsOnlyKeys("livenessProbe", "readinessProbe", "startupProbe");
    assertThat(probes.get("livenessProbe").path()).isEqualTo(HealthEndpoint.LIVEZ);
    assertThat(probes.get("readinessProbe").path()).isEqualTo(HealthEndpoint.READYZ);
    assertThat(probes.get("startupProbe").path()).isEqualTo(HealthEndpoint.STARTUPZ);
    for (Map.Entry<String, Probe> e : probes.entrySet()) {
      String port = e.getValue().port();
      String resolved = ports.getOrDefault(port, port);
      assertThat(resolved).as(e.getKey() + " port " + port).isEqualTo(String.valueOf(HealthEndpointConfig.DEFAULT_PORT));
      assertThat(e.getValue().scheme()).as(e.getKey() + " scheme").isEqualTo("HTTP");
    }
    assertThat(ports).containsEntry("health", "8081");
  }

  @Test
  void theEndpointListensOnAllInterfacesInTheContainer() throws IOException {
    List<String> lines = Files.readAllLines(MANIFEST);
    int i = lines.indexOf("            - name: SELFHEAL_BIND_ADDRESS");
    assertThat(i).as("the kubelet probes the pod IP, not loopback").isNotNegative();
    assertThat(value(lines.get(i + 1).trim())).isEqualTo("0.0.0.0");
  }

  @Test
  void theParserSeesThroughQuotesCommentsAndNamedPorts() {
    List<String> yaml = List.of(
        "      ports:",
        "        - name: web",
        "          containerPort: 9090",
        "      livenessProbe:",
        "        httpGet:",
        "          path: \"/x\"  # comment",
        "          port: web",
        "        periodSeconds: 3",
        "      other: 1",
        "          path: /not-in-the-probe");
    assertThat(probes(yaml)).containsExactlyEntriesOf(Map.of("livenessProbe", new Probe("/x", "web", "HTTP")));
    assertThat(namedPorts(yaml)).containsExactlyEntriesOf(Map.of("web", "9090"));
  }
}
