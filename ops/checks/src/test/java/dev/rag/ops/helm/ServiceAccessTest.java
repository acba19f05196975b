package dev.rag.ops.helm;

import static dev.rag.ops.helm.RenderedChart.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.ops.config.Repository;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who may talk to the internal services: every pod carries the shared service token (sent as {@code
 * X-Rag-Service-Token}) from one Secret, and a NetworkPolicy per service admits only the pods that
 * call it over HTTP (and Prometheus); anyone may reach the gateway.
 */
class ServiceAccessTest {

  private static final String TOKEN = "RAG_SERVICE_TOKEN";

  /**
   * Who calls whom over HTTP (besides Kafka): the gateway all five; generation → retrieval, rerank;
   * retrieval → embedding.
   */
  private static final Map<String, Set<String>> CALLERS =
      Map.of(
          "ingest-service", Set.of("gateway"),
          "embedding-service", Set.of("gateway"),
          "retrieval-service", Set.of("gateway", "generation-service"),
          "rerank-service", Set.of("gateway", "generation-service"),
          "generation-service", Set.of("gateway"));

  private static final Map<String, String> MONITORING_NAMESPACE =
      Map.of("kubernetes.io/metadata.name", "monitoring");
  private static final Map<String, String> PROMETHEUS_PODS =
      Map.of("app.kubernetes.io/name", "prometheus");

  private static Map<String, RenderedChart> renders;

  @BeforeAll
  static void render() {
    renders = RenderedChart.renderValueSets();
  }

  private static Container container(RenderedChart chart, String service) {
    return chart.podTemplate(service).getSpec().getContainers().getFirst();
  }

  private static EnvVar tokenVariable(RenderedChart chart, String service) {
    List<EnvVar> found =
        container(chart, service).getEnv().stream().filter(e -> e.getName().equals(TOKEN)).toList();
    assertThat(found).as(service + " has " + TOKEN + " once").hasSize(1);
    return found.getFirst();
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  // ---- the service token

  @ParameterizedTest
  @ValueSource(strings = {"default", "production"})
  void givesEveryServiceTheSameGeneratedTokenFromTheChartsSecret(String values) throws Exception {
    RenderedChart chart = renders.get(values);
    Secret secret = chart.secret(name("service-token"));
    assertThat(secret.getStringData())
        .as("the token is not in stringData (kept as data)")
        .isNullOrEmpty();
    String token =
        new String(
            Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
    assertThat(token)
        .as("a long random token")
        .hasSizeGreaterThanOrEqualTo(32)
        .matches("[A-Za-z0-9]+");
    for (String service : Repository.SERVICES) {
      EnvVar env = tokenVariable(chart, service);
      assertThat(env.getValue()).as(service + ": never a literal").isNull();
      var ref = env.getValueFrom().getSecretKeyRef();
      assertThat(ref.getName() + "/" + ref.getKey())
          .as(service)
          .isEqualTo(name("service-token") + "/token");
      // One token per render (the Secret and every pod agree), and a new token rolls the pods.
      assertThat(chart.podTemplate(service).getMetadata().getAnnotations())
          .as(service)
          .containsEntry("checksum/service-token", sha256(token));
    }
    assertThat(chart.all(Secret.class))
        .as("no other Secret carries the token")
        .filteredOn(s -> !s.getMetadata().getName().equals(name("service-token")))
        .allSatisfy(
            s ->
                assertThat(s.getStringData() == null ? Set.of() : s.getStringData().keySet())
                    .doesNotContain(TOKEN));
  }

  @Test
  void takesTheTokenFromASecretTheOperatorManages() {
    RenderedChart chart =
        RenderedChart.render(
            Map.of(
                "serviceToken.existingSecret",
                "platform-token",
                "serviceToken.existingSecretKey",
                "value"));
    assertThat(chart.find(Secret.class, name("service-token"))).isEmpty();
    for (String service : Repository.SERVICES) {
      var ref = tokenVariable(chart, service).getValueFrom().getSecretKeyRef();
      assertThat(ref.getName() + "/" + ref.getKey()).as(service).isEqualTo("platform-token/value");
      // Rendered offline the Secret cannot be read, so there is nothing to checksum.
      assertThat(chart.podTemplate(service).getMetadata().getAnnotations())
          .doesNotContainKey("checksum/service-token");
    }
  }

  @Test
  void keepsTheTokenAlreadyInTheClusterOnUpgrade() throws Exception {
    FakeKubernetes cluster = FakeKubernetes.instance();
    String existing = "kept-across-upgrades-0123456789abcdef0123456789abcdef";
    try {
      cluster.clear();
      cluster.putSecret("rag", name("service-token"), Map.of("token", existing));
      RenderedChart chart = RenderedChart.render();
      assertThat(cluster.requests())
          .contains("GET /api/v1/namespaces/rag/secrets/" + name("service-token"));
      assertThat(
              new String(
                  Base64.getDecoder()
                      .decode(chart.secret(name("service-token")).getData().get("token")),
                  StandardCharsets.UTF_8))
          .isEqualTo(existing);
      for (String service : Repository.SERVICES) {
        assertThat(chart.podTemplate(service).getMetadata().getAnnotations())
            .as(service)
            .containsEntry("checksum/service-token", sha256(existing));
      }
      // Without it (a first install) every render draws a new one.
      cluster.clear();
      String first = chart.secret(name("service-token")).getData().get("token");
      assertThat(RenderedChart.render().secret(name("service-token")).getData().get("token"))
          .isNotEqualTo(first);
    } finally {
      cluster.clear();
    }
  }

  @Test
  void rollsThePodsWhenTheOperatorsSecretChanges() throws Exception {
    FakeKubernetes cluster = FakeKubernetes.instance();
    try {
      cluster.clear();
      cluster.putSecret(
          "rag", "platform-token", Map.of("value", "rotated-0123456789abcdef0123456789abcdef"));
      RenderedChart chart =
          RenderedChart.render(
              Map.of(
                  "serviceToken.existingSecret",
                  "platform-token",
                  "serviceToken.existingSecretKey",
                  "value"));
      for (String service : Repository.SERVICES) {
        assertThat(chart.podTemplate(service).getMetadata().getAnnotations())
            .as(service)
            .containsEntry(
                "checksum/service-token", sha256("rotated-0123456789abcdef0123456789abcdef"));
      }
      assertThat(chart.find(Secret.class, "platform-token"))
          .as("the chart never writes the operator's Secret")
          .isEmpty();
    } finally {
      cluster.clear();
    }
  }

  // ---- network policies

  /** The services whose pods a selector (in the release's namespace) picks. */
  private static Set<String> servicesSelectedBy(RenderedChart chart, LabelSelector selector) {
    assertThat(selector.getMatchExpressions()).as("selectors use matchLabels only").isNullOrEmpty();
    Map<String, String> wanted =
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    Set<String> picked = new TreeSet<>();
    for (String service : Repository.SERVICES) {
      PodTemplateSpec pod = chart.podTemplate(service);
      if (pod.getMetadata().getLabels().entrySet().containsAll(wanted.entrySet())) {
        picked.add(service);
      }
    }
    return picked;
  }

  private static NetworkPolicy policyFor(RenderedChart chart, String service) {
    List<NetworkPolicy> policies =
        chart.all(NetworkPolicy.class).stream()
            .filter(p -> servicesSelectedBy(chart, p.getSpec().getPodSelector()).contains(service))
            .toList();
    assertThat(policies).as("NetworkPolicies selecting " + service).hasSize(1);
    NetworkPolicy policy = policies.getFirst();
    assertThat(servicesSelectedBy(chart, policy.getSpec().getPodSelector()))
        .as(policy.getMetadata().getName())
        .containsExactly(service);
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    return policy;
  }

  private static void onlyTheServicePort(
      RenderedChart chart, String service, NetworkPolicyIngressRule rule) {
    int port = container(chart, service).getPorts().getFirst().getContainerPort();
    assertThat(rule.getPorts())
        .as(service)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getProtocol()).isEqualTo("TCP");
              assertThat(
                      p.getPort().getStrVal() != null
                          ? p.getPort().getStrVal()
                          : String.valueOf(p.getPort().getIntVal()))
                  .isIn("http", String.valueOf(port));
              assertThat(p.getEndPort()).isNull();
            });
  }

  private static boolean isPrometheus(NetworkPolicyPeer peer) {
    return peer.getNamespaceSelector() != null;
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "production"})
  void admitsToEachInternalServiceExactlyItsCallersAndPrometheus(String values) {
    RenderedChart chart = renders.get(values);
    Map<String, Set<String>> admitted = new TreeMap<>();
    for (String service : CALLERS.keySet()) {
      NetworkPolicy policy = policyFor(chart, service);
      assertThat(policy.getMetadata().getName()).isEqualTo(name(service));
      Set<String> callers = new TreeSet<>();
      boolean prometheus = false;
      for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
        assertThat(rule.getFrom())
            .as(service + ": a rule without peers admits anyone")
            .isNotEmpty();
        onlyTheServicePort(chart, service, rule);
        for (NetworkPolicyPeer peer : rule.getFrom()) {
          assertThat(peer.getIpBlock()).as(service + ": no address ranges").isNull();
          assertThat(peer.getPodSelector()).as(service + ": every peer names pods").isNotNull();
          if (isPrometheus(peer)) {
            assertThat(peer.getNamespaceSelector().getMatchLabels())
                .isEqualTo(MONITORING_NAMESPACE);
            assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(PROMETHEUS_PODS);
            prometheus = true;
          } else {
            Set<String> picked = servicesSelectedBy(chart, peer.getPodSelector());
            assertThat(picked).as(service + ": a peer picks exactly one service's pods").hasSize(1);
            assertThat(peer.getPodSelector().getMatchLabels())
                .as("and only this release's")
                .containsEntry("app.kubernetes.io/instance", RenderedChart.RELEASE);
            callers.addAll(picked);
          }
        }
      }
      assertThat(prometheus).as(service + " admits Prometheus").isTrue();
      admitted.put(service, callers);
    }
    assertThat(admitted).isEqualTo(new TreeMap<>(CALLERS));
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "production"})
  void theCallersAreExactlyTheServicesConfiguredWithTheirUrl(String values) {
    // The policy list above must follow the chart's own wiring: who has a URL of whom.
    RenderedChart chart = renders.get(values);
    Map<String, Set<String>> callers = new TreeMap<>();
    for (String caller : Repository.SERVICES) {
      chart
          .settings(caller)
          .forEach(
              (key, url) -> {
                for (String callee : Repository.SERVICES) {
                  if (key.endsWith("_URL") && url.startsWith("http://" + name(callee) + ":")) {
                    callers.computeIfAbsent(callee, c -> new TreeSet<>()).add(caller);
                  }
                }
              });
    }
    assertThat(callers).isEqualTo(new TreeMap<>(CALLERS));
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "production"})
  void admitsAnyoneToTheGatewayPortOnly(String values) {
    RenderedChart chart = renders.get(values);
    NetworkPolicy policy = policyFor(chart, "gateway");
    List<NetworkPolicyIngressRule> open =
        policy.getSpec().getIngress().stream()
            .filter(r -> r.getFrom() == null || r.getFrom().isEmpty())
            .toList();
    assertThat(open).as("one rule open to any client").hasSize(1);
    policy.getSpec().getIngress().forEach(rule -> onlyTheServicePort(chart, "gateway", rule));
  }

  @Test
  void rendersNoPolicyWhenDisabledAndNoPrometheusRuleWhenItIsOff() {
    assertThat(
            RenderedChart.render(Map.of("networkPolicy.enabled", "false")).all(NetworkPolicy.class))
        .isEmpty();
    RenderedChart chart = RenderedChart.render(Map.of("networkPolicy.prometheus.enabled", "false"));
    for (String service : CALLERS.keySet()) {
      assertThat(policyFor(chart, service).getSpec().getIngress())
          .as(service)
          .singleElement()
          .satisfies(rule -> assertThat(rule.getFrom()).noneMatch(ServiceAccessTest::isPrometheus));
    }
  }

  @Test
  void narrowsTheGatewayToTheGivenPeers() {
    RenderedChart chart =
        RenderedChart.render(
            Map.of(
                "networkPolicy.gatewayFrom[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name",
                "ingress-nginx"));
    NetworkPolicy policy = policyFor(chart, "gateway");
    assertThat(policy.getSpec().getIngress())
        .allSatisfy(rule -> assertThat(rule.getFrom()).isNotEmpty());
    assertThat(policy.getSpec().getIngress().getFirst().getFrom())
        .singleElement()
        .satisfies(
            peer ->
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .containsEntry("kubernetes.io/metadata.name", "ingress-nginx"));
  }
}
