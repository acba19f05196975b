package dev.rag.support.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class StartupFailureTest {

  private final DependencyFailureAnalyzer analyzer = new DependencyFailureAnalyzer();

  @Test
  void kafkaCheckNamesTheUnreachableBroker() throws IOException {
    String address = "127.0.0.1:" + freePort();
    var check = new KafkaStartupCheck(address, Duration.ofSeconds(2));

    assertThatThrownBy(check::afterPropertiesSet)
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessage("Kafka broker at " + address + " is not reachable");
  }

  @Test
  void analysisOfAnUnreachableBrokerSaysWhatAndHowToFixIt() {
    var cause =
        new DependencyUnavailableException(
            "Kafka broker", "127.0.0.1:1", new ConnectException("Connection refused"));
    FailureAnalysis analysis =
        analyzer.analyze(new BeanCreationException("kafkaStartupCheck", "init failed", cause));

    assertThat(analysis.getDescription())
        .startsWith("Kafka broker at 127.0.0.1:1 is not reachable")
        .contains("Connection refused");
    assertThat(analysis.getAction()).contains("./ops/local/infra up");
  }

  @Test
  void analysisOfARefusedDatabaseConnectionNamesPostgres() {
    var refused =
        new SQLException(
            "Connection to 127.0.0.1:1 refused.",
            "08001",
            new ConnectException("Connection refused"));
    FailureAnalysis analysis =
        analyzer.analyze(new IllegalStateException("Failed to initialize flyway", refused));

    assertThat(analysis.getDescription()).startsWith("The database (PostgreSQL) is not reachable");
  }

  @Test
  void otherFailuresAreLeftToSpringBoot() {
    assertThat(analyzer.analyze(new IllegalStateException("something else"))).isNull();
    assertThat(analyzer.analyze(new SQLException("syntax error", "42601"))).isNull();
  }

  @Test
  void rejectsANonPositiveTimeout() {
    assertThatThrownBy(() -> new KafkaStartupCheck("x:1", Duration.ZERO))
        .hasMessageContaining("must be positive");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
