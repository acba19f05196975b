package dev.rag.ops.compose;

import dev.rag.ops.config.Repository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code docker-compose.yml} as parsed data (YAML merge keys resolved, as compose does), with the
 * few views the checks need. Values are read as compose would pass them to a container.
 */
final class ComposeFile {

  private final Map<String, Object> root;

  private ComposeFile(Map<String, Object> root) {
    this.root = root;
  }

  static ComposeFile read() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new ComposeFile(
        new Yaml(new SafeConstructor(options)).load(Repository.read("docker-compose.yml")));
  }

  Map<String, Object> services() {
    return map(root.get("services"));
  }

  Map<String, Object> service(String name) {
    Map<String, Object> service = map(services().get(name));
    if (service.isEmpty()) {
      throw new AssertionError("docker-compose.yml has no service " + name);
    }
    return service;
  }

  Map<String, Object> volumes() {
    return map(root.get("volumes"));
  }

  /** The service's environment with values as strings (compose's map form). */
  Map<String, String> environment(String name) {
    Map<String, String> env = new LinkedHashMap<>();
    map(service(name).get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
    return env;
  }

  /** Container ports the service exposes or publishes. */
  List<Integer> containerPorts(String name) {
    Map<String, Object> service = service(name);
    return java.util.stream.Stream.concat(
            list(service.get("expose")).stream(), list(service.get("ports")).stream())
        .map(String::valueOf)
        .map(p -> p.contains(":") ? p.substring(p.lastIndexOf(':') + 1) : p)
        .map(Integer::parseInt)
        .toList();
  }

  /** Volume entries "source:target[:mode]" of the service. */
  List<String> volumeMounts(String name) {
    return list(service(name).get("volumes")).stream().map(String::valueOf).toList();
  }

  /** The healthcheck command joined into one string ("" when none). */
  String healthcheck(String name) {
    Object test = map(service(name).get("healthcheck")).get("test");
    return test instanceof List<?> parts
        ? String.join(" ", parts.stream().map(String::valueOf).toList())
        : String.valueOf(test == null ? "" : test);
  }

  /** depends_on as service → condition. */
  Map<String, String> dependsOn(String name) {
    Map<String, String> conditions = new LinkedHashMap<>();
    map(service(name).get("depends_on"))
        .forEach((k, v) -> conditions.put(k, String.valueOf(map(v).get("condition"))));
    return conditions;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node) {
    return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static List<Object> list(Object node) {
    return node instanceof List<?> l ? List.copyOf(l) : List.of();
  }
}
