package dev.rag.ops.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.ops.config.Repository;
import dev.rag.ops.config.ServiceConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

class ComposeFileTest {

  private static ComposeFile compose;
  private static Map<String, ServiceConfiguration> configurations;

  @BeforeAll
  static void read() {
    compose = ComposeFile.read();
    configurations =
        Repository.SERVICES.stream().collect(Collectors.toMap(s -> s, ServiceConfiguration::of));
  }

  @Test
  void runsTheSixServicesAndTheirInfrastructure() {
    assertThat(compose.services())
        .containsKeys(Repository.SERVICES.toArray(String[]::new))
        .containsKeys("kafka", "postgres", "redis", "prometheus", "grafana");
    assertThat(String.valueOf(compose.service("kafka").get("image"))).startsWith("apache/kafka:");
    assertThat(compose.environment("kafka"))
        .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
    assertThat(String.valueOf(compose.service("postgres").get("image")))
        .startsWith("pgvector/pgvector:");
    assertThat(String.valueOf(compose.service("redis").get("image"))).startsWith("redis:");
    for (String service : Repository.SERVICES) {
      Map<String, Object> build = ComposeFile.map(compose.service(service).get("build"));
      assertThat(build)
          .containsEntry("context", ".")
          .containsEntry("dockerfile", "ops/docker/" + service + ".Dockerfile");
      assertThat(Repository.path("ops/docker/" + service + ".Dockerfile")).isRegularFile();
    }
  }

  @Test
  void setsOnlyEnvironmentVariablesTheServicesRead() {
    List<String> unread = new ArrayList<>();
    for (String service : Repository.SERVICES) {
      ServiceConfiguration config = configurations.get(service);
      Set<String> entrypoint = Dockerfiles.entrypointVariables(service);
      compose.environment(service).keySet().stream()
          .filter(variable -> !config.reads(variable) && !entrypoint.contains(variable))
          .forEach(variable -> unread.add(service + ": " + variable));
    }
    assertThat(unread).as("variables in docker-compose.yml that no service reads").isEmpty();
  }

  @Test
  void runsTheServicesInProductionModeAgainstTheComposeInfrastructure() {
    for (String service : Repository.SERVICES) {
      assertThat(compose.environment(service))
          .as(service + " runs the default (production) profile")
          .doesNotContainKeys("SPRING_PROFILES_ACTIVE", "SPRING_PROFILES_INCLUDE");
    }
    for (String service :
        List.of("ingest-service", "embedding-service", "retrieval-service", "gateway")) {
      assertThat(compose.environment(service))
          .as(service)
          .containsEntry("RAG_KAFKA_BOOTSTRAP", "kafka:9092");
    }
    assertThat(compose.environment("kafka").get("KAFKA_ADVERTISED_LISTENERS"))
        .contains("PLAINTEXT://kafka:9092");
    assertThat(compose.environment("retrieval-service"))
        .containsEntry("RAG_RETRIEVAL_DENSE_STORE", "pgvector")
        .containsEntry("RAG_PG_URL", "jdbc:postgresql://postgres:5432/rag");
    assertThat(compose.environment("ingest-service"))
        .containsEntry("RAG_PG_URL", "jdbc:postgresql://postgres:5432/rag");
    assertThat(compose.environment("gateway"))
        .containsEntry("RAG_REDIS_URL", "redis://redis:6379")
        .containsEntry("RAG_PG_URL", "jdbc:postgresql://postgres:5432/rag");
    assertThat(compose.environment("postgres")).containsEntry("POSTGRES_DB", "rag");
  }

  @Test
  void pointsEveryServiceUrlAtAComposeServiceAndItsPort() {
    List<String> wrong = new ArrayList<>();
    for (String service : Repository.SERVICES) {
      compose
          .environment(service)
          .forEach(
              (variable, value) -> {
                if (variable.endsWith("_URL") && value.startsWith("http://")) {
                  String hostPort = value.substring("http://".length()).replaceAll("/.*", "");
                  String host = hostPort.substring(0, hostPort.indexOf(':'));
                  int port = Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1));
                  if (!configurations.containsKey(host)
                      || configurations.get(host).port(compose.environment(host)) != port) {
                    wrong.add(service + ": " + variable + "=" + value);
                  }
                }
              });
    }
    assertThat(wrong).as("URLs that do not reach a service on the port it listens on").isEmpty();
    assertThat(compose.environment("gateway"))
        .containsKeys(
            "RAG_GATEWAY_INGEST_URL",
            "RAG_GATEWAY_EMBEDDING_URL",
            "RAG_GATEWAY_RETRIEVAL_URL",
            "RAG_GATEWAY_RERANK_URL",
            "RAG_GATEWAY_GENERATION_URL");
  }

  @Test
  void exposesAndHealthChecksEachServiceOnThePortItListensOn() {
    for (String service : Repository.SERVICES) {
      int port = configurations.get(service).port(compose.environment(service));
      assertThat(compose.containerPorts(service))
          .as(service + " ports")
          .isNotEmpty()
          .containsOnly(port);
      assertThat(compose.healthcheck(service))
          .as(service + " healthcheck")
          .contains("http://127.0.0.1:" + port + "/actuator/health/readiness");
    }
    assertThat(compose.containerPorts("gateway")).containsExactly(8080);
    assertThat(ComposeFile.list(compose.service("gateway").get("ports")))
        .containsExactly("8080:8080");
  }

  @Test
  void givesEveryServiceTheServiceTokenAndRefusesToStartWithoutIt() {
    for (String service : Repository.SERVICES) {
      // ${VAR:?message}: compose stops with the message when the variable is unset or empty;
      // there is no default token that a forgotten .env would silently fall back to.
      assertThat(compose.environment(service).get("RAG_SERVICE_TOKEN"))
          .as(service + " RAG_SERVICE_TOKEN")
          .matches("\\$\\{RAG_SERVICE_TOKEN:\\?[^}]+}");
      assertThat(compose.environment(service))
          .as(service + ": the token only through RAG_SERVICE_TOKEN")
          .doesNotContainKeys("RAG_SECURITY_SERVICETOKEN", "RAG_SECURITY_SERVICE_TOKEN");
    }
  }

  @Test
  void publishesOnlyTheGatewayAndTheMonitoringConsolesToTheHost() {
    Set<String> published = new TreeSet<>();
    compose
        .services()
        .forEach(
            (name, service) -> {
              if (!ComposeFile.list(ComposeFile.map(service).get("ports")).isEmpty()) {
                published.add(name);
              }
              assertThat(ComposeFile.map(service).get("network_mode"))
                  .as(name + " network_mode")
                  .isNull();
            });
    // The internal services are reachable on the compose network only (Prometheus scrapes them
    // there).
    assertThat(published).containsExactlyInAnyOrder("gateway", "prometheus", "grafana");
    assertThat(ComposeFile.list(compose.service("gateway").get("ports")))
        .containsExactly("8080:8080");
  }

  @Test
  void startsEachServiceOnlyAfterWhatItNeedsIsHealthy() {
    for (Map.Entry<String, Object> entry : compose.services().entrySet()) {
      compose
          .dependsOn(entry.getKey())
          .forEach(
              (dependency, condition) -> {
                assertThat(condition)
                    .as(entry.getKey() + " → " + dependency)
                    .isEqualTo("service_healthy");
                assertThat(compose.healthcheck(dependency))
                    .as(dependency + " has a healthcheck")
                    .isNotBlank();
              });
    }
    assertThat(compose.dependsOn("ingest-service")).containsKeys("kafka", "postgres");
    // retrieval embeds queries itself: it needs no embedding-service to answer.
    assertThat(compose.dependsOn("retrieval-service"))
        .containsKeys("kafka", "postgres")
        .doesNotContainKey("embedding-service");
    assertThat(compose.dependsOn("generation-service"))
        .containsKeys("retrieval-service", "rerank-service");
    assertThat(compose.dependsOn("gateway"))
        .containsKeys(
            "kafka",
            "redis",
            "postgres",
            "ingest-service",
            "embedding-service",
            "retrieval-service",
            "rerank-service",
            "generation-service");
  }

  @Test
  void keepsDataAndLuceneIndexesOnVolumesAndMountsTheModelDirectory() {
    String indexDir = compose.environment("retrieval-service").get("RAG_RETRIEVAL_INDEX_DIR");
    assertThat(compose.volumeMounts("retrieval-service")).contains("retrieval-index:" + indexDir);
    assertThat(compose.volumeMounts("ingest-service"))
        .contains("ingest-staging:/var/lib/rag/ingest");
    assertThat(compose.volumeMounts("gateway")).contains("gateway-state:/var/lib/rag/gateway");
    assertThat(compose.volumeMounts("kafka"))
        .contains("kafka-data:" + compose.environment("kafka").get("KAFKA_LOG_DIRS"));
    assertThat(compose.volumeMounts("postgres")).contains("pg-data:/var/lib/postgresql/data");
    assertThat(compose.volumeMounts("redis")).contains("redis-data:/data");
    for (String service : List.of("embedding-service", "rerank-service", "generation-service")) {
      assertThat(compose.volumeMounts(service))
          .as(service)
          .contains("${RAG_MODELS_DIR:-./models}:/models:ro");
    }
    Set<String> named = new TreeSet<>();
    compose
        .services()
        .keySet()
        .forEach(
            s ->
                compose.volumeMounts(s).stream()
                    .map(m -> m.substring(0, m.indexOf(':')))
                    .filter(source -> !source.startsWith(".") && !source.startsWith("$"))
                    .forEach(named::add));
    assertThat(compose.volumes().keySet())
        .as("declared named volumes")
        .containsExactlyInAnyOrderElementsOf(named);
  }

  @Test
  void prometheusScrapesEveryServiceWhereItListensAndLoadsTheAlertRules() {
    assertThat(compose.volumeMounts("prometheus")).contains("./ops/prometheus:/etc/prometheus:ro");
    Map<String, Object> config = new Yaml().load(Repository.read("ops/prometheus/prometheus.yml"));
    Set<String> targets = new TreeSet<>();
    for (Object job : ComposeFile.list(config.get("scrape_configs"))) {
      if ("rag".equals(ComposeFile.map(job).get("job_name"))) {
        assertThat(ComposeFile.map(job)).containsEntry("metrics_path", "/actuator/prometheus");
        ComposeFile.list(ComposeFile.map(job).get("static_configs"))
            .forEach(
                sc ->
                    ComposeFile.list(ComposeFile.map(sc).get("targets"))
                        .forEach(t -> targets.add(String.valueOf(t))));
      }
    }
    Set<String> expected = new TreeSet<>();
    Repository.SERVICES.forEach(
        s -> expected.add(s + ":" + configurations.get(s).port(compose.environment(s))));
    assertThat(targets).isEqualTo(expected);
    assertThat(ComposeFile.list(config.get("rule_files"))).containsExactly("rules/*.yml");
    assertThat(Repository.files("ops/prometheus/rules", ".yml")).isNotEmpty();
  }

  @Test
  void grafanaGetsThePrometheusDatasourceAndEveryDashboard() throws Exception {
    List<String> mounts = compose.volumeMounts("grafana");
    assertThat(mounts).contains("./ops/grafana/provisioning:/etc/grafana/provisioning:ro");
    Map<String, Object> providers =
        new Yaml().load(Repository.read("ops/grafana/provisioning/dashboards/rag.yml"));
    String dashboardPath =
        String.valueOf(
            ComposeFile.map(
                    ComposeFile.map(ComposeFile.list(providers.get("providers")).getFirst())
                        .get("options"))
                .get("path"));
    assertThat(mounts).contains("./ops/grafana/dashboards:" + dashboardPath + ":ro");
    assertThat(compose.environment("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
        .startsWith(dashboardPath + "/");
    String home =
        Path.of(compose.environment("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
            .getFileName()
            .toString();
    assertThat(Repository.path("ops/grafana/dashboards/" + home)).isRegularFile();

    Map<String, Object> datasources =
        new Yaml().load(Repository.read("ops/grafana/provisioning/datasources/prometheus.yml"));
    Map<String, Object> datasource =
        ComposeFile.map(ComposeFile.list(datasources.get("datasources")).getFirst());
    assertThat(datasource)
        .containsEntry("type", "prometheus")
        .containsEntry("url", "http://prometheus:9090");
    assertThat(compose.containerPorts("prometheus")).containsExactly(9090);

    List<Path> dashboards = Repository.files("ops/grafana/dashboards", ".json");
    assertThat(dashboards).hasSizeGreaterThanOrEqualTo(4);
    ObjectMapper json = new ObjectMapper();
    for (Path file : dashboards) {
      JsonNode dashboard = json.readTree(Files.readString(file));
      for (JsonNode panel : dashboard.path("panels")) {
        assertThat(panel.path("datasource").path("uid").asString())
            .as(file.getFileName() + " " + panel.path("title"))
            .isEqualTo(datasource.get("uid"));
      }
    }
  }
}
