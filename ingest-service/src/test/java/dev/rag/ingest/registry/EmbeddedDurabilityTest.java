package dev.rag.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * The embedded registry's database as application-embedded.yml configures it: a row whose commit
 * has returned survives a {@code kill -9} of the process that wrote it. A child JVM commits rows
 * and prints each id after its commit; it is killed mid-stream; every printed id must be there.
 */
class EmbeddedDurabilityTest {

  @TempDir Path state;

  @Test
  void everyAcknowledgedCommitSurvivesAKillMinus9() throws Exception {
    String url = embeddedUrl();
    Process writer =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CommitWriter.class.getName(),
                url)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    long acknowledged = -1;
    try (var lines =
        new BufferedReader(
            new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        acknowledged = Long.parseLong(line.trim());
        if (acknowledged >= 300) {
          writer.destroyForcibly(); // SIGKILL: no shutdown hook, no close of the database
          break;
        }
      }
    } finally {
      writer.destroyForcibly();
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acknowledged).as("the writer committed rows before it was killed").isEqualTo(300);
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery("SELECT COUNT(*), MAX(id) FROM acknowledged WHERE id <= 300")) {
      rows.next();
      assertThat(rows.getLong(1)).as("acknowledged rows found after the kill").isEqualTo(301);
    }
  }

  /** application-embedded.yml's URL with the state directory of this test. */
  private String embeddedUrl() {
    var yaml = new YamlPropertiesFactoryBean();
    yaml.setResources(new ClassPathResource("application-embedded.yml"));
    Properties properties = yaml.getObject();
    String url = properties.getProperty("spring.datasource.url");
    assertThat(url).contains("${RAG_STATE_DIR:${user.home}/.rag}");
    return url.replace("${RAG_STATE_DIR:${user.home}/.rag}", state.toString());
  }
}
