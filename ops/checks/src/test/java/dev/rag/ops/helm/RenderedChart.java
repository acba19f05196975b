package dev.rag.ops.helm;

import com.marcnuri.helm.Helm;
import dev.rag.ops.config.Repository;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The objects the chart renders for one set of values, as fabric8 model objects. */
final class RenderedChart {

  static final Path CHART = Repository.path("helm/rag");
  static final String RELEASE = "rag";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final List<HasMetadata> objects;

  private RenderedChart(List<HasMetadata> objects) {
    this.objects = objects;
  }

  /** Renders with the chart's defaults, plus the given values files (relative to the chart). */
  static RenderedChart render(String... valuesFiles) {
    return render(Map.of(), valuesFiles);
  }

  /** Renders with the values files, then {@code --set key=value} for each entry. */
  static RenderedChart render(Map<String, String> set, String... valuesFiles) {
    FakeKubernetes.instance();
    var template = new Helm(CHART).template().withName(RELEASE).withNamespace("rag");
    for (String file : valuesFiles) {
      template = template.withValuesFile(CHART.resolve(file));
    }
    for (Map.Entry<String, String> entry : set.entrySet()) {
      template = template.set(entry.getKey(), entry.getValue());
    }
    String manifest = template.call();
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : manifest.split("(?m)^---\\s*$")) {
      if (document.lines().anyMatch(l -> l.startsWith("kind:"))) {
        objects.add(SERIALIZATION.unmarshal(document));
      }
    }
    return new RenderedChart(objects);
  }

  List<HasMetadata> all() {
    return objects;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    return find(type, name)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no "
                        + type.getSimpleName()
                        + " "
                        + name
                        + " in "
                        + objects.stream().map(RenderedChart::describe).toList()));
  }

  /** A service's settings: its ConfigMap's data. */
  Map<String, String> settings(String service) {
    return get(ConfigMap.class, RELEASE + "-" + service).getData();
  }

  /** The pod template of a service's Deployment (its StatefulSet for retrieval-service). */
  PodTemplateSpec podTemplate(String service) {
    String name = RELEASE + "-" + service;
    return find(Deployment.class, name)
        .map(d -> d.getSpec().getTemplate())
        .orElseGet(() -> get(StatefulSet.class, name).getSpec().getTemplate());
  }

  Secret secret(String name) {
    return get(Secret.class, name);
  }

  Service service(String name) {
    return get(Service.class, name);
  }

  List<GenericKubernetesResource> generic() {
    return all(GenericKubernetesResource.class);
  }

  static String describe(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getName();
  }

  /**
   * The chart with its defaults ({@code default}) and with {@code values-production.yaml} ({@code
   * production}).
   */
  static java.util.Map<String, RenderedChart> renderValueSets() {
    return java.util.Map.of("default", render(), "production", render("values-production.yaml"));
  }

  /** The release-qualified name of an object the chart renders for {@code component}. */
  static String name(String component) {
    return RELEASE + "-" + component;
  }
}
