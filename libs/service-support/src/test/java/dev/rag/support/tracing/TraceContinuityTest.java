package dev.rag.support.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.support.kafka.BatchObservations;
import dev.rag.support.kafka.EventPublisher;
import dev.rag.testing.Infrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * One trace across what the services do to each other, in one JVM with an in-memory exporter: a
 * caller's request, an HTTP call made with an observed {@link RestClient} (as every service client
 * is built), an event published through the platform's template, relayed by a batch listener
 * through {@link BatchObservations}, and consumed by a record listener; every span is the child of
 * the one before it, and the log lines inside carry the trace id.
 */
@SpringBootTest(
    classes = TraceContinuityTest.App.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "rag.startup.require-kafka=false",
      "rag.kafka.partitions=1",
      "spring.kafka.consumer.auto-offset-reset=earliest",
      "spring.kafka.consumer.key-deserializer=org.apache.kafka.common.serialization.StringDeserializer",
      "spring.kafka.consumer.value-deserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer",
      "management.opentelemetry.tracing.export.schedule-delay=100ms",
      "logging.structured.format.console=ecs"
    })
@ExtendWith(OutputCaptureExtension.class)
class TraceContinuityTest {

  private static final String RUN =
      HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private static final String FIRST = "rag.test.trace-first-" + RUN;
  private static final String SECOND = "rag.test.trace-second-" + RUN;
  private static final String CALLER_SPAN = "00f067aa0ba902b7";

  @DynamicPropertySource
  static void kafka(DynamicPropertyRegistry registry) {
    registry.add("spring.kafka.bootstrap-servers", Infrastructure::kafkaBootstrap);
    registry.add("test.first-topic", () -> FIRST);
    registry.add("test.second-topic", () -> SECOND);
    registry.add("test.run", () -> RUN);
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({Endpoints.class, Relay.class, Sink.class})
  static class App {
    @Bean
    InMemorySpanExporter spans() {
      return InMemorySpanExporter.create();
    }

    @Bean
    NewTopic first() {
      return TopicBuilder.name(FIRST).partitions(1).replicas(1).build();
    }

    @Bean
    NewTopic second() {
      return TopicBuilder.name(SECOND).partitions(1).replicas(1).build();
    }
  }

  @RestController
  static class Endpoints {
    private static final Logger log = LoggerFactory.getLogger(Endpoints.class);
    private final ObservationRegistry observations;
    private final EventPublisher events;

    Endpoints(ObservationRegistry observations, EventPublisher events) {
      this.observations = observations;
      this.events = events;
    }

    @PostMapping("/front")
    String front(HttpServletRequest request) throws Exception {
      log.info("front handling");
      String answer =
          RestClient.builder()
              .observationRegistry(observations)
              .build()
              .get()
              .uri("http://127.0.0.1:" + request.getLocalPort() + "/back")
              .retrieve()
              .body(String.class);
      events.publish(FIRST, "doc-1", Map.of("answer", answer)).get(30, TimeUnit.SECONDS);
      return answer;
    }

    @GetMapping("/back")
    String back() {
      return "from the back";
    }
  }

  static class Relay {
    private final BatchObservations observations;
    private final KafkaTemplate<String, byte[]> template;
    private final String second;

    Relay(
        ObservationRegistry registry,
        @Qualifier("eventTemplate") KafkaTemplate<String, byte[]> template,
        @Value("${test.second-topic}") String second) {
      this.observations = new BatchObservations(registry, "relay");
      this.template = template;
      this.second = second;
    }

    @KafkaListener(
        id = "relay-${test.run}",
        topics = "${test.first-topic}",
        groupId = "relay-${test.run}",
        batch = "true")
    void relay(List<ConsumerRecord<String, byte[]>> batch) {
      observations.observe(
          batch,
          scopes -> {
            for (ConsumerRecord<String, byte[]> record : batch) {
              scopes
                  .within(record, () -> template.send(second, record.key(), record.value()))
                  .join();
            }
          });
    }
  }

  static class Sink {
    private static final Logger log = LoggerFactory.getLogger(Sink.class);

    @KafkaListener(
        id = "sink-${test.run}",
        topics = "${test.second-topic}",
        groupId = "sink-${test.run}")
    void sink(ConsumerRecord<String, byte[]> record) {
      log.info("sink received {}", record.key());
    }
  }

  @LocalServerPort int port;

  @Autowired InMemorySpanExporter exported;
  @Autowired MeterRegistry meters;

  @Test
  void oneTraceRunsFromTheCallerThroughHttpAndBothKafkaHops(CapturedOutput output)
      throws Exception {
    String traceId = HexFormat.of().formatHex(randomBytes(16));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/front"))
                    .header("traceparent", "00-" + traceId + "-" + CALLER_SPAN + "-01")
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);

    List<SpanData> trace = awaitSpans(traceId, 7, Duration.ofSeconds(60));

    SpanData front = only(trace, SpanKind.SERVER, s -> s.getName().contains("/front"));
    SpanData call = only(trace, SpanKind.CLIENT, s -> true);
    SpanData back = only(trace, SpanKind.SERVER, s -> s.getName().contains("/back"));
    SpanData firstSend = only(trace, SpanKind.PRODUCER, s -> s.getName().equals(FIRST + " send"));
    SpanData relayed = only(trace, SpanKind.CONSUMER, s -> s.getName().equals(FIRST + " process"));
    SpanData secondSend = only(trace, SpanKind.PRODUCER, s -> s.getName().equals(SECOND + " send"));
    SpanData sunk = only(trace, SpanKind.CONSUMER, s -> s.getName().equals(SECOND + " process"));
    assertThat(front.getParentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(call.getParentSpanId()).isEqualTo(front.getSpanId());
    assertThat(back.getParentSpanId()).isEqualTo(call.getSpanId());
    assertThat(firstSend.getParentSpanId()).isEqualTo(front.getSpanId());
    assertThat(relayed.getParentSpanId()).isEqualTo(firstSend.getSpanId());
    assertThat(secondSend.getParentSpanId()).isEqualTo(relayed.getSpanId());
    assertThat(sunk.getParentSpanId()).isEqualTo(secondSend.getSpanId());

    assertThat(output.getOut().lines())
        .filteredOn(line -> line.contains("front handling") || line.contains("sink received"))
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("\"traceId\":\"" + traceId + "\""));
    // Every template is observed: an older, differently tagged timer of the same name registered
    // first would make Prometheus drop the observations' timers.
    assertThat(meters.find("spring.kafka.template").timers())
        .isNotEmpty()
        .allSatisfy(
            timer -> assertThat(timer.getId().getTag("messaging.destination.name")).isNotNull());
    assertThat(meters.find("rag.kafka.batch.record").tag("messaging.source.name", FIRST).timer())
        .isNotNull();
  }

  private List<SpanData> awaitSpans(String traceId, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<SpanData> trace;
    do {
      trace =
          exported.getFinishedSpanItems().stream()
              .filter(span -> span.getTraceId().equals(traceId))
              .toList();
      if (trace.size() >= count) {
        return trace;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return trace;
  }

  private static SpanData only(List<SpanData> trace, SpanKind kind, Predicate<SpanData> which) {
    List<SpanData> found =
        trace.stream().filter(span -> span.getKind() == kind).filter(which).toList();
    assertThat(found).as("%s spans in %s", kind, names(trace)).hasSize(1);
    return found.getFirst();
  }

  private static List<String> names(List<SpanData> trace) {
    return trace.stream().map(span -> span.getKind() + " " + span.getName()).toList();
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
