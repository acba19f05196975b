package dev.rag.support.startup;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.InitializingBean;

/** Asks the broker for its cluster id once at start-up; fails the start if none answers. */
public class KafkaStartupCheck implements InitializingBean {

  private final String bootstrapServers;
  private final Duration timeout;

  public KafkaStartupCheck(String bootstrapServers, Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "rag.startup.kafka-timeout must be positive, was " + timeout);
    }
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
  }

  @Override
  public void afterPropertiesSet() {
    int millis = (int) timeout.toMillis();
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
            // One quiet attempt: the check itself reports the failure.
            AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    try (Admin admin = Admin.create(config)) {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(millis))
          .clusterId()
          .get(millis + 1000L, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DependencyUnavailableException("Kafka broker", bootstrapServers, e);
    } catch (Exception e) {
      throw new DependencyUnavailableException("Kafka broker", bootstrapServers, e);
    }
  }
}
