package dev.selfheal.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Prometheus rules and Grafana queries, checked with the real {@code promtool} (Debian's
 * {@code prometheus} package, which {@code .ci/run} installs). Without promtool the tests are skipped with a
 * message, except under CI ({@code CI=true}), where a missing promtool fails them.
 */
class PrometheusRulesTest {
  static final Path DIR = Path.of("observability");
  static final Path RULES = DIR.resolve("prometheus/selfheal-rules.yml");
  static final Path RULE_TESTS = DIR.resolve("prometheus/selfheal-rules.test.yml");
  static final Path DASHBOARD = DIR.resolve("grafana/selfheal-dashboard.json");
  static String promtool;

  @BeforeAll
  static void findPromtool() {
    promtool = onPath("promtool");
    if (promtool == null) {
      String message = "promtool not found on PATH: install Debian's prometheus package (apt-get install"
          + " prometheus), as .ci/run does";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      Assumptions.abort(message);
    }
  }

  @Test
  void the_rules_pass_promtool_check() throws Exception {
    assertThat(run(promtool, "check", "rules", RULES.toString())).contains("SUCCESS");
  }

  @Test
  void the_rule_unit_tests_pass() throws Exception {
    assertThat(run(promtool, "test", "rules", RULE_TESTS.toString())).contains("SUCCESS");
  }

  /** Each alert has a test case where it fires (non-empty exp_alerts) and one where it does not. */
  @Test
  void every_alert_is_tested_firing_and_not_firing() throws IOException {
    Set<String> alerts = matches(Files.readString(RULES), "(?m)^\\s*- alert:\\s*(\\S+)");
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(8);
    Set<String> firing = new LinkedHashSet<>();
    Set<String> silent = new LinkedHashSet<>();
    Matcher m = Pattern.compile("alertname:\\s*(\\S+)\\s*\\n\\s*exp_alerts:\\s*(\\[\\])?").matcher(
        Files.readString(RULE_TESTS));
    while (m.find()) {
      (m.group(2) == null ? firing : silent).add(m.group(1));
    }
    assertThat(firing).as("alerts with a firing case").containsAll(alerts);
    assertThat(silent).as("alerts with a silent case").containsAll(alerts);
  }

  /** Every dashboard query is valid PromQL: each becomes a recording rule that promtool checks. */
  @Test
  void every_dashboard_query_parses(@TempDir Path tmp) throws Exception {
    List<String> exprs = dashboardQueries();
    assertThat(exprs).hasSizeGreaterThanOrEqualTo(20);
    StringBuilder yaml = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    for (int i = 0; i < exprs.size(); i++) {
      yaml.append("      - record: selfheal_dashboard:q").append(i).append("\n        expr: '")
          .append(exprs.get(i).replace("'", "''")).append("'\n");
    }
    Path file = tmp.resolve("dashboard-queries.yml");
    Files.writeString(file, yaml);
    assertThat(run(promtool, "check", "rules", file.toString())).contains("SUCCESS: " + exprs.size() + " rules");
  }

  /** The PromQL of every dashboard target, JSON-unescaped. */
  static List<String> dashboardQueries() throws IOException {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\"expr\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(Files.readString(DASHBOARD));
    while (m.find()) {
      out.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
    }
    return out;
  }

  static Set<String> matches(String text, String regex) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  static String onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, tool);
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    return null;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
        new File("/dev/null"))).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(String.join(" ", command) + " said:\n" + output).isZero();
    return output;
  }
}
