package dev.rag.ops.helm;

import static dev.rag.ops.helm.RenderedChart.name;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.rag.ops.config.Repository;
import dev.rag.ops.config.ServiceConfiguration;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelmChartTest {

  private static final List<String> STATELESS =
      Repository.SERVICES.stream().filter(s -> !s.equals("retrieval-service")).toList();

  /** Read by the image's entrypoint, or only used to build another variable. */
  private static final Set<String> NOT_SPRING = Set.of("JAVA_OPTS", "POD_NAME");

  private static Map<String, RenderedChart> renders;

  @BeforeAll
  static void render() {
    renders = RenderedChart.renderValueSets();
  }

  private static PodTemplateSpec podTemplate(RenderedChart chart, String service) {
    return service.equals("retrieval-service")
        ? chart.get(StatefulSet.class, name(service)).getSpec().getTemplate()
        : chart.get(Deployment.class, name(service)).getSpec().getTemplate();
  }

  private static Container container(RenderedChart chart, String service) {
    return podTemplate(chart, service).getSpec().getContainers().getFirst();
  }

  @Test
  void lintsCleanInStrictMode() {
    LintResult lint = new Helm(RenderedChart.CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "production"})
  void rendersOnlyObjectsThatReadAsTheirKubernetesModel(String values) {
    RenderedChart chart = renders.get(values);
    assertThat(chart.all()).hasSizeGreaterThan(20);
    List<String> problems = new ArrayList<>();
    for (HasMetadata object : chart.all()) {
      if (object instanceof GenericKubernetesResource generic) {
        if (!generic.getApiVersion().equals("monitoring.coreos.com/v1")) {
          problems.add(
              RenderedChart.describe(object)
                  + " has no model class ("
                  + generic.getApiVersion()
                  + ")");
        }
        continue;
      }
      ModelCheck.unknownFields(object)
          .forEach(f -> problems.add(RenderedChart.describe(object) + ": unknown field " + f));
      assertThat(object.getMetadata().getLabels())
          .as(RenderedChart.describe(object))
          .containsEntry("app.kubernetes.io/part-of", "rag");
    }
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "production"})
  void runsEachServiceOnItsPortWithActuatorProbesAndResourceRequests(String values) {
    RenderedChart chart = renders.get(values);
    for (String service : Repository.SERVICES) {
      int port = ServiceConfiguration.of(service).port(chart.settings(service));
      Container container = container(chart, service);
      assertThat(container.getPorts())
          .as(service)
          .singleElement()
          .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(port))
          .satisfies(p -> assertThat(p.getName()).isEqualTo("http"));
      assertThat(container.getLivenessProbe().getHttpGet().getPath())
          .isEqualTo("/actuator/health/liveness");
      assertThat(container.getReadinessProbe().getHttpGet().getPath())
          .isEqualTo("/actuator/health/readiness");
      assertThat(container.getStartupProbe().getHttpGet().getPath())
          .isEqualTo("/actuator/health/liveness");
      assertThat(container.getStartupProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
      // Graceful stop: a preStop pause so endpoints drop the pod first, then the services' own
      // shutdown phases (30 s each at most, ingest's drain 20 s) inside the grace period.
      assertThat(container.getLifecycle().getPreStop().getExec().getCommand())
          .as(service)
          .containsExactly("sleep", "5");
      assertThat(podTemplate(chart, service).getSpec().getTerminationGracePeriodSeconds())
          .as(service)
          .isGreaterThanOrEqualTo(5 + 30 + 10);
      assertThat(container.getResources().getRequests()).as(service).containsKeys("cpu", "memory");
      assertThat(container.getImage()).endsWith("/" + service + ":0.1.0");
      assertThat(podTemplate(chart, service).getSpec().getSecurityContext().getRunAsNonRoot())
          .isTrue();
      Service svc = chart.service(name(service));
      assertThat(svc.getSpec().getPorts())
          .singleElement()
          .satisfies(p -> assertThat(p.getPort()).isEqualTo(port));
      assertThat(svc.getSpec().getSelector())
          .isEqualTo(
              podTemplate(chart, service).getMetadata().getLabels().entrySet().stream()
                  .filter(e -> svc.getSpec().getSelector().containsKey(e.getKey()))
                  .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
      assertThat(svc.getSpec().getSelector()).hasSize(2);
    }
    assertThat(chart.all(Deployment.class))
        .extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(STATELESS.stream().map(RenderedChart::name).toList());
  }

  @Test
  void keepsTheRetrievalIndexOnAVolumePerReplicaWithItsOwnConsumerGroup() {
    for (RenderedChart chart : renders.values()) {
      StatefulSet retrieval = chart.get(StatefulSet.class, name("retrieval-service"));
      assertThat(retrieval.getSpec().getVolumeClaimTemplates())
          .singleElement()
          .satisfies(pvc -> assertThat(pvc.getMetadata().getName()).isEqualTo("index"));
      String indexDir = chart.settings("retrieval-service").get("RAG_RETRIEVAL_INDEX_DIR");
      assertThat(container(chart, "retrieval-service").getVolumeMounts())
          .anySatisfy(
              m -> assertThat(m.getName() + ":" + m.getMountPath()).isEqualTo("index:" + indexDir));
      assertThat(chart.settings("retrieval-service"))
          .containsEntry("RAG_RETRIEVAL_DENSE_STORE", "pgvector");
      assertThat(container(chart, "retrieval-service").getEnv())
          .extracting(EnvVar::getName, EnvVar::getValue)
          .contains(
              org.assertj.core.groups.Tuple.tuple(
                  "RAG_RETRIEVAL_CONSUMER_GROUP", "retrieval-$(POD_NAME)"));
      chart.service(name("retrieval-service") + "-headless");
      assertThat(retrieval.getSpec().getServiceName())
          .isEqualTo(name("retrieval-service") + "-headless");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "production"})
  void setsOnlySettingsAndSecretsTheServicesRead(String values) {
    RenderedChart chart = renders.get(values);
    List<String> unread = new ArrayList<>();
    for (String service : Repository.SERVICES) {
      ServiceConfiguration config = ServiceConfiguration.of(service);
      List<String> variables = new ArrayList<>(chart.settings(service).keySet());
      Secret secret = chart.secret(name(service));
      if (secret.getStringData() != null) {
        variables.addAll(secret.getStringData().keySet());
      }
      container(chart, service).getEnv().forEach(e -> variables.add(e.getName()));
      variables.stream()
          .filter(v -> !NOT_SPRING.contains(v) && !config.reads(v))
          .forEach(v -> unread.add(service + ": " + v));
      assertThat(container(chart, service).getEnvFrom())
          .extracting(
              e ->
                  e.getConfigMapRef() != null
                      ? "configmap " + e.getConfigMapRef().getName()
                      : "secret " + e.getSecretRef().getName())
          .containsExactlyInAnyOrder("configmap " + name(service), "secret " + name(service));
    }
    assertThat(unread).as("settings in the chart that no service reads").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "production"})
  void pointsEveryServiceUrlAtARenderedServiceOnItsPort(String values) {
    RenderedChart chart = renders.get(values);
    Map<String, String> urls = new TreeMap<>();
    for (String service : Repository.SERVICES) {
      chart
          .settings(service)
          .forEach(
              (k, v) -> {
                if (k.endsWith("_URL") && v.startsWith("http://")) {
                  urls.put(service + " " + k, v);
                }
              });
    }
    // Every service-to-service URL the chart renders (retrieval no longer calls embedding-service).
    assertThat(urls).hasSizeGreaterThanOrEqualTo(7);
    urls.forEach(
        (where, url) -> {
          String hostPort = url.substring("http://".length());
          String host = hostPort.substring(0, hostPort.indexOf(':'));
          int port = Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1));
          Service target = chart.service(host);
          assertThat(target.getSpec().getPorts().getFirst().getPort()).as(where).isEqualTo(port);
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "production"})
  void scalesTheStatelessServicesAndBudgetsDisruptionsForAll(String values) {
    RenderedChart chart = renders.get(values);
    assertThat(chart.all(HorizontalPodAutoscaler.class))
        .extracting(
            h ->
                h.getSpec().getScaleTargetRef().getKind()
                    + "/"
                    + h.getSpec().getScaleTargetRef().getName())
        .containsExactlyInAnyOrderElementsOf(
            STATELESS.stream().map(s -> "Deployment/" + name(s)).toList());
    for (HorizontalPodAutoscaler hpa : chart.all(HorizontalPodAutoscaler.class)) {
      assertThat(hpa.getSpec().getMinReplicas())
          .isPositive()
          .isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
      // The autoscaler owns the replica count: the Deployment must not fight it.
      assertThat(
              chart
                  .get(Deployment.class, hpa.getSpec().getScaleTargetRef().getName())
                  .getSpec()
                  .getReplicas())
          .isNull();
    }
    for (String service : Repository.SERVICES) {
      PodDisruptionBudget pdb = chart.get(PodDisruptionBudget.class, name(service));
      assertThat(podTemplate(chart, service).getMetadata().getLabels())
          .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
    }
  }

  @Test
  void usesTheExternalKafkaPostgresAndRedisFromTheValues() {
    RenderedChart defaults = renders.get("default");
    RenderedChart production = renders.get("production");
    for (String service :
        List.of("gateway", "ingest-service", "embedding-service", "retrieval-service")) {
      assertThat(defaults.settings(service)).containsEntry("RAG_KAFKA_BOOTSTRAP", "kafka:9092");
      assertThat(production.settings(service))
          .containsEntry(
              "RAG_KAFKA_BOOTSTRAP",
              "kafka-0.kafka.data:9092,kafka-1.kafka.data:9092,kafka-2.kafka.data:9092");
    }
    for (String service : List.of("gateway", "ingest-service", "retrieval-service")) {
      assertThat(production.settings(service))
          .containsEntry("RAG_PG_URL", "jdbc:postgresql://pg.data:5432/rag");
      assertThat(secretRef(production, service, "RAG_PG_PASSWORD"))
          .isEqualTo("rag-postgres/password");
      assertThat(secretRef(defaults, service, "RAG_PG_PASSWORD"))
          .isEqualTo("rag-postgres/password");
    }
    assertThat(secretRef(production, "gateway", "RAG_REDIS_URL")).isEqualTo("rag-redis/url");
    // With existing Secrets named, the chart renders none of its own for them.
    assertThat(defaults.find(Secret.class, "rag-postgres")).isPresent();
    assertThat(defaults.secret("rag-redis").getStringData())
        .containsEntry("url", "redis://redis:6379");
    assertThat(production.find(Secret.class, "rag-postgres")).isEmpty();
    assertThat(production.find(Secret.class, "rag-redis")).isEmpty();
    for (String service : List.of("embedding-service", "rerank-service", "generation-service")) {
      assertThat(container(production, service).getVolumeMounts())
          .anySatisfy(
              m -> assertThat(m.getMountPath() + " " + m.getReadOnly()).isEqualTo("/models true"));
      assertThat(container(defaults, service).getVolumeMounts())
          .noneMatch(m -> m.getMountPath().equals("/models"));
    }
  }

  private static String secretRef(RenderedChart chart, String service, String variable) {
    EnvVar env =
        container(chart, service).getEnv().stream()
            .filter(e -> e.getName().equals(variable))
            .findFirst()
            .orElseThrow(() -> new AssertionError(service + " has no " + variable));
    var ref = env.getValueFrom().getSecretKeyRef();
    return ref.getName() + "/" + ref.getKey();
  }

  @Test
  void rendersTheServiceMonitorOnlyWhenAskedAndItFindsEveryService() {
    assertThat(renders.get("default").generic()).isEmpty();
    GenericKubernetesResource monitor =
        renders.get("production").generic().stream()
            .filter(g -> g.getKind().equals("ServiceMonitor"))
            .findFirst()
            .orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) monitor.getAdditionalProperties().get("spec");
    @SuppressWarnings("unchecked")
    Map<String, String> matchLabels =
        (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec.get("endpoints");
    assertThat(endpoints)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .containsEntry("port", "http")
                    .containsEntry("path", "/actuator/prometheus"));
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    for (String service : Repository.SERVICES) {
      Service svc = renders.get("production").service(name(service));
      assertThat(svc.getMetadata().getLabels()).as(service).containsAllEntriesOf(matchLabels);
      assertThat(svc.getSpec().getPorts()).anyMatch(p -> p.getName().equals("http"));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void rendersTheAlertRulesAsAPrometheusRuleOnlyWhenAsked() {
    assertThat(renders.get("default").generic())
        .noneMatch(g -> g.getKind().equals("PrometheusRule"));
    GenericKubernetesResource rule =
        renders.get("production").generic().stream()
            .filter(g -> g.getKind().equals("PrometheusRule"))
            .findFirst()
            .orElseThrow();
    List<Object> rendered =
        (List<Object>)
            ((Map<String, Object>) rule.getAdditionalProperties().get("spec")).get("groups");
    List<Object> expected = new ArrayList<>();
    for (Path file : Repository.files("ops/prometheus/rules", ".yml")) {
      Map<String, Object> root =
          new org.yaml.snakeyaml.Yaml()
              .load(Repository.read(Repository.ROOT.relativize(file).toString()));
      expected.addAll((List<Object>) root.get("groups"));
    }
    // Same groups, rules, expressions and annotations as the files promtool checks.
    assertThat(rendered).isEqualTo(expected);
  }

  @Test
  void shipsEveryDashboardToTheGrafanaSidecar() throws Exception {
    ConfigMap dashboards = renders.get("default").get(ConfigMap.class, "rag-grafana-dashboards");
    assertThat(dashboards.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    List<Path> files = Repository.files("ops/grafana/dashboards", ".json");
    assertThat(dashboards.getData().keySet())
        .containsExactlyInAnyOrderElementsOf(
            files.stream().map(f -> f.getFileName().toString()).toList());
    for (Path file : files) {
      assertThat(dashboards.getData().get(file.getFileName().toString()))
          .isEqualTo(Files.readString(file).strip());
    }
  }

  @Test
  void linksTheConsoleToGrafanaOnlyWhenAUrlIsGiven() {
    assertThat(renders.get("production").settings("gateway"))
        .containsEntry("RAG_GRAFANA_URL", "https://grafana.example.com/dashboards/f/rag");
    assertThat(renders.get("default").settings("gateway")).doesNotContainKey("RAG_GRAFANA_URL");
    for (String service : Repository.SERVICES) {
      if (!service.equals("gateway")) {
        assertThat(renders.get("production").settings(service))
            .as(service)
            .doesNotContainKey("RAG_GRAFANA_URL");
      }
    }
  }
}
