package dev.rag.ops.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Everything one service reads from its environment. A variable counts as read when it is
 *
 * <ul>
 *   <li>a {@code ${NAME}} placeholder in the service's {@code application*.yml} ({@code
 *       RAG_PG_URL}, {@code RAG_INGEST_PORT}, ...);
 *   <li>the relaxed-binding form of a {@code rag.*} property: a component of a
 *       {@code @ConfigurationProperties} record of the service or of {@code libs/service-support},
 *       or a key its {@code application*.yml} sets;
 *   <li>the relaxed-binding form of a property in Spring Boot's configuration metadata of the
 *       libraries packaged in the service's jar (so {@code SPRING_DATA_REDIS_URL} counts only for a
 *       service that has Redis support); map-valued properties take any key below them.
 * </ul>
 *
 * The jar must be built ({@code ./mvnw package}); the reactor builds the services before
 * ops/checks.
 */
public final class ServiceConfiguration {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[}:]");
  private static final Pattern PROPERTIES_RECORD =
      Pattern.compile(
          "@ConfigurationProperties\\(\"([a-z0-9.-]+)\"\\)\\s*public\\s+record\\s+\\w+\\s*\\((.*?)\\)\\s*\\{",
          Pattern.DOTALL);
  private static final Pattern PORT = Pattern.compile("\\$\\{([A-Z_]+_PORT):(\\d+)}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, ServiceConfiguration> LOADED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Set<String> placeholders = new TreeSet<>();
  private final Set<String> properties = new TreeSet<>();
  private final Set<String> mapProperties = new TreeSet<>();
  private final String portVariable;
  private final int defaultPort;

  private ServiceConfiguration(String service) {
    Path module = Repository.path(service);
    String portVar = null;
    int port = -1;
    for (Path yml : Repository.files(service + "/src/main/resources", ".yml")) {
      String text = read(yml);
      PLACEHOLDER.matcher(text).results().forEach(m -> placeholders.add(m.group(1)));
      flatten("", new Yaml().load(text), properties);
      Matcher server = PORT.matcher(text);
      if (yml.getFileName().toString().equals("application.yml") && server.find()) {
        portVar = server.group(1);
        port = Integer.parseInt(server.group(2));
      }
    }
    this.portVariable = portVar;
    this.defaultPort = port;
    recordProperties(module.resolve("src/main/java"));
    recordProperties(Repository.path("libs/service-support/src/main/java"));
    bootMetadata(module.resolve("target/" + service + "-0.1.0-SNAPSHOT.jar"));
  }

  /** The configuration of a service module (gateway, ingest-service, ...), read once per run. */
  public static ServiceConfiguration of(String service) {
    return LOADED.computeIfAbsent(service, ServiceConfiguration::new);
  }

  /** The variable that sets the HTTP port ({@code RAG_INGEST_PORT}). */
  public String portVariable() {
    return portVariable;
  }

  /** The HTTP port without that variable. */
  public int defaultPort() {
    return defaultPort;
  }

  /** The port the service listens on with these environment variables. */
  public int port(Map<String, String> environment) {
    String set = environment.get(portVariable);
    return set == null ? defaultPort : Integer.parseInt(set);
  }

  /** Whether the service reads the environment variable; see the class comment. */
  public boolean reads(String variable) {
    return placeholders.contains(variable)
        || properties.stream().anyMatch(p -> RelaxedNames.binds(variable, p))
        || mapProperties.stream().anyMatch(p -> RelaxedNames.bindsUnder(variable, p));
  }

  private void recordProperties(Path sources) {
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith("Properties.java")).toList()) {
        Matcher m = PROPERTIES_RECORD.matcher(read(file));
        while (m.find()) {
          for (String component : components(m.group(2))) {
            properties.add(m.group(1) + "." + RelaxedNames.kebab(component));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The component names of a record header: the last identifier of each top-level parameter. */
  static List<String> components(String header) {
    List<String> names = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : (header + ",").toCharArray()) {
      if (c == '(' || c == '<') {
        depth++;
      } else if (c == ')' || c == '>') {
        depth--;
      }
      if (c == ',' && depth == 0) {
        String[] words = current.toString().trim().split("\\s+");
        names.add(words[words.length - 1]);
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    return names;
  }

  private void bootMetadata(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build the services first (./mvnw package -DskipTests)");
    }
    try (ZipFile fat = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = fat.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        // Configuration metadata lives in Spring Boot's own jars and a few starters.
        if (name.startsWith("BOOT-INF/lib/")
            && name.endsWith(".jar")
            && (name.contains("/spring-")
                || name.contains("/resilience4j-")
                || name.contains("/springdoc-"))) {
          try (JarInputStream nested = new JarInputStream(fat.getInputStream(entry))) {
            for (JarEntry inner; (inner = nested.getNextJarEntry()) != null; ) {
              if (inner.getName().endsWith("spring-configuration-metadata.json")) {
                metadata(nested);
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void metadata(InputStream json) throws IOException {
    JsonNode root = JSON.readTree(json.readAllBytes());
    for (JsonNode property : root.path("properties")) {
      String name = property.path("name").asString();
      String type = property.path("type").asString("");
      (type.startsWith("java.util.Map<") ? mapProperties : properties).add(name);
    }
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Object node, Set<String> into) {
    if (node instanceof Map<?, ?> map) {
      map.forEach(
          (key, value) ->
              flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, into));
    } else if (!prefix.isEmpty()) {
      into.add(prefix);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
