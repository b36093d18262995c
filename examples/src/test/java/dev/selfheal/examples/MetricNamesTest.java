package dev.selfheal.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.selfheal.core.ChildSnapshot;
import dev.selfheal.core.ChildState;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every metric name the shipped Prometheus rules and Grafana dashboard query exists in a live scrape of the
 * observability demo (the three binders on a real {@code PrometheusMeterRegistry}) after a crash and a
 * recovery: a renamed meter breaks this test, not an operator's alert.
 */
class MetricNamesTest {

  @Test
  void every_name_in_the_rules_and_the_dashboard_is_scraped() throws IOException {
    try (ObservabilityDemo.Shop shop = ObservabilityDemo.start()) {
      for (int i = 0; i < 20; i++) {
        shop.call();
      }
      long generation = shop.tree().snapshot().find("shop/db").generation();
      shop.crash();
      await().atMost(10, TimeUnit.SECONDS).until(() -> {
        ChildSnapshot db = shop.tree().snapshot().find("shop/db");
        return db.generation() > generation && db.state() == ChildState.RUNNING;
      });
      await().atMost(10, TimeUnit.SECONDS).until(() -> shop.meters().scrape()
          .contains("selfheal_supervisor_recovery_seconds_count{supervisor=\"shop\",tree=\"shop\"} 1"));
      String scrape = shop.meters().scrape();
      Set<String> scraped = new TreeSet<>();
      for (String line : scrape.split("\n")) {
        if (!line.startsWith("#") && !line.isBlank()) {
          scraped.add(line.split("[{ ]", 2)[0]);
        }
      }
      Set<String> used = new TreeSet<>();
      String rules = Files.readString(PrometheusRulesTest.RULES);
      used.addAll(PrometheusRulesTest.matches(rules, "\\b(selfheal_[a-z0-9_]+)"));
      for (String q : PrometheusRulesTest.dashboardQueries()) {
        used.addAll(PrometheusRulesTest.matches(q, "\\b(selfheal_[a-z0-9_]+)"));
      }
      assertThat(used).hasSizeGreaterThanOrEqualTo(25);
      assertThat(scraped).as("metric names in the scrape").containsAll(used);
    }
  }
}
