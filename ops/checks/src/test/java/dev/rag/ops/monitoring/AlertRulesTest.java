package dev.rag.ops.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rag.ops.config.Repository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class AlertRulesTest {

  private static Path promtool() {
    Optional<Path> promtool = Promtool.find();
    assumeTrue(
        promtool.isPresent(),
        "promtool is not installed (ops/local/infra up prometheus installs it)");
    return promtool.get();
  }

  @Test
  void promtoolAcceptsTheAlertRules() throws Exception {
    List<String> args = new ArrayList<>(List.of("check", "rules"));
    Repository.files("ops/prometheus/rules", ".yml").forEach(f -> args.add(f.toString()));
    assertThat(args).hasSizeGreaterThan(2);
    Promtool.Run run = Promtool.run(promtool(), args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS: " + alerts().size() + " rules found");
  }

  @Test
  void promtoolAcceptsTheComposeScrapeConfig() throws Exception {
    Promtool.Run run =
        Promtool.run(
            promtool(),
            "check",
            "config",
            Repository.path("ops/prometheus/prometheus.yml").toString());
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS");
  }

  @Test
  void coversTheFailuresOperatorsMustHear() {
    assertThat(alerts())
        .extracting(a -> a.get("alert"))
        .contains(
            "RagConsumerLagGrowing",
            "RagDeadLetters",
            "RagHighErrorRate",
            "RagHighLatencyP99",
            "RagKvPoolExhausted");
  }

  @Test
  void everyAlertHasASeverityASummaryAndAReadmeEntry() {
    String readme = Repository.read("README.md");
    for (Map<String, Object> alert : alerts()) {
      String name = String.valueOf(alert.get("alert"));
      assertThat(map(alert.get("labels"))).as(name).containsKey("severity");
      assertThat(map(alert.get("annotations"))).as(name).containsKeys("summary", "description");
      assertThat(readme).as("README.md explains " + name).contains("`" + name + "`");
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> alerts() {
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (Path file : Repository.files("ops/prometheus/rules", ".yml")) {
      Map<String, Object> root =
          new Yaml().load(Repository.read(Repository.ROOT.relativize(file).toString()));
      for (Object group : (List<Object>) root.get("groups")) {
        for (Object rule : (List<Object>) map(group).get("rules")) {
          if (map(rule).containsKey("alert")) {
            alerts.add(map(rule));
          }
        }
      }
    }
    return alerts;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
