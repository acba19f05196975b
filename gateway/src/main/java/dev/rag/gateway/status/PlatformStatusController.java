package dev.rag.gateway.status;

import dev.rag.contracts.topics.Topics;
import dev.rag.gateway.config.GatewayProperties;
import dev.rag.support.security.ServiceToken;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/admin/status} (admin keys): every service's health and the ingestion lag, asked in
 * parallel so the answer takes one {@code rag.gateway.status.timeout} at most. The gateway reports
 * itself {@code UP}: it is answering.
 */
@Tag(name = "status", description = "The platform's health and ingestion lag (admin keys)")
@RestController
class PlatformStatusController implements DisposableBean {

  /**
   * The platform at a glance.
   *
   * @param checkedAt when the services were asked
   * @param services each service's health, the gateway first
   * @param lag per ingestion stage, the records its consumer has yet to process
   * @param grafanaUrl the dashboards ({@code rag.gateway.status.grafana-url}), null when unset
   */
  record PlatformStatus(
      Instant checkedAt,
      List<ServiceHealth.ServiceStatus> services,
      List<ConsumerLag.StageLag> lag,
      String grafanaUrl) {}

  private final Map<String, URI> upstreams = new LinkedHashMap<>();
  private final StatusProperties properties;
  private final ServiceHealth health;
  private final ConsumerLag lag;
  private final Clock clock;

  PlatformStatusController(
      GatewayProperties gateway, StatusProperties properties, ServiceToken token, Clock clock) {
    upstreams.put("ingest", gateway.ingestUrl());
    upstreams.put("embedding", gateway.embeddingUrl());
    upstreams.put("retrieval", gateway.retrievalUrl());
    upstreams.put("rerank", gateway.rerankUrl());
    upstreams.put("generation", gateway.generationUrl());
    this.properties = properties;
    this.health = new ServiceHealth(token, properties.timeout());
    this.lag = new ConsumerLag(properties.bootstrapServers(), properties.timeout());
    this.clock = clock;
  }

  @Operation(
      operationId = "getPlatformStatus",
      summary = "Each service's health and the ingestion lag",
      description =
          "Health as each service reports it (component states, no details) and, per ingestion"
              + " stage, how many records its Kafka consumer group has yet to process.")
  @ApiResponse(responseCode = "200", description = "The status")
  @GetMapping("/v1/admin/status")
  PlatformStatus status() throws InterruptedException {
    Instant now = clock.instant();
    try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<ServiceHealth.ServiceStatus>> services = new ArrayList<>();
      upstreams.forEach(
          (name, uri) -> services.add(submit(parallel, () -> health.check(name, uri))));
      List<Future<ConsumerLag.StageLag>> stages =
          List.of(
              submit(parallel, () -> lag.of("parsing", properties.ingestGroup(), Topics.DOCUMENTS)),
              submit(
                  parallel, () -> lag.of("embedding", properties.embeddingGroup(), Topics.CHUNKS)),
              submit(
                  parallel,
                  () -> lag.of("indexing", properties.retrievalGroup(), Topics.EMBEDDED_CHUNKS)));
      List<ServiceHealth.ServiceStatus> reports = new ArrayList<>();
      reports.add(new ServiceHealth.ServiceStatus("gateway", "UP", Map.of(), null));
      for (Future<ServiceHealth.ServiceStatus> service : services) {
        reports.add(join(service));
      }
      List<ConsumerLag.StageLag> lags = new ArrayList<>();
      for (Future<ConsumerLag.StageLag> stage : stages) {
        lags.add(join(stage));
      }
      String grafana = properties.grafanaUrl().isBlank() ? null : properties.grafanaUrl();
      return new PlatformStatus(now, reports, lags, grafana);
    }
  }

  private static <T> Future<T> submit(ExecutorService executor, Supplier<T> task) {
    return executor.submit(task::get);
  }

  private static <T> T join(Future<T> future) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      // Both checks turn every failure into a report; anything else is a bug worth a 500.
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void destroy() {
    lag.close();
  }
}
