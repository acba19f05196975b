package dev.rag.ops.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.ops.config.Repository;
import dev.rag.ops.config.ServiceConfiguration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class DockerfileTest {

  static final List<String> SERVICES = Repository.SERVICES;

  /** The flags every JVM of the platform needs, from the parent pom (one place). */
  private static String jvmFlags() {
    Matcher m =
        Pattern.compile("<rag\\.jvm\\.flags>(.*?)</rag\\.jvm\\.flags>")
            .matcher(Repository.read("pom.xml"));
    assertThat(m.find()).isTrue();
    return m.group(1).trim();
  }

  @ParameterizedTest
  @FieldSource("SERVICES")
  void buildsInOneStageAndRunsOnAJre25InAnother(String service) {
    List<String> all = Dockerfiles.instructions(service);
    assertThat(all.stream().filter(i -> i.startsWith("FROM "))).hasSizeGreaterThanOrEqualTo(2);
    assertThat(all)
        .anyMatch(
            i ->
                i.startsWith("RUN") && i.contains("-pl " + service + " ") && i.contains("package"));
    List<String> runtime = Dockerfiles.runtimeStage(service);
    assertThat(runtime.getFirst()).isEqualTo("FROM eclipse-temurin:25-jre");
    assertThat(runtime).anyMatch(i -> i.startsWith("COPY --from=build"));
  }

  @ParameterizedTest
  @FieldSource("SERVICES")
  void runsAsAnUnprivilegedUser(String service) {
    List<String> users =
        Dockerfiles.runtimeStage(service).stream().filter(i -> i.startsWith("USER ")).toList();
    assertThat(users).isNotEmpty();
    String user = users.getLast().substring("USER ".length()).split(":")[0];
    assertThat(user).isNotIn("root", "0");
  }

  @ParameterizedTest
  @FieldSource("SERVICES")
  void startsTheJvmWithThePlatformFlags(String service) {
    String entrypoint =
        Dockerfiles.runtimeStage(service).stream()
            .filter(i -> i.startsWith("ENTRYPOINT"))
            .findFirst()
            .orElseThrow();
    assertThat(entrypoint).contains("java " + jvmFlags()).contains("-jar app.jar");
  }

  @ParameterizedTest
  @FieldSource("SERVICES")
  void checksReadinessOnThePortTheServiceListensOn(String service) {
    ServiceConfiguration config = ServiceConfiguration.of(service);
    List<String> runtime = Dockerfiles.runtimeStage(service);
    int port = config.defaultPort();
    assertThat(runtime)
        .anyMatch(
            i ->
                i.startsWith("HEALTHCHECK")
                    && i.contains("http://127.0.0.1:" + port + "/actuator/health/readiness"));
    assertThat(runtime).contains("EXPOSE " + port);
    assertThat(runtime)
        .anyMatch(i -> i.startsWith("ENV") && i.contains(config.portVariable() + "=" + port));
  }
}
