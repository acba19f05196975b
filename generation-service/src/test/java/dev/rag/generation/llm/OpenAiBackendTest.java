package dev.rag.generation.llm;

import static dev.rag.generation.testing.Http.json;
import static dev.rag.generation.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.generation.GenerationServiceApplication;
import dev.rag.generation.config.GenerationProperties;
import dev.rag.generation.testing.Http;
import dev.rag.generation.testing.ReferenceModel;
import dev.rag.generation.testing.StubRetrieval;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code rag.generation.backend=openai} against a real OpenAI-compatible server: a second
 * generation-service running stories260K on the Java backend (its chat completions answer from its
 * own stand-in collection, so the text is the model's noise and is checked mechanically). The
 * service under test generates through it, streamed; failures, timeouts and an open circuit end a
 * generation with {@code error} instead of hanging it.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "rag.generation.backend=openai",
      "rag.generation.openai.model=stories260K",
      // stories260K's own server budgets 512 tokens for instructions, this service's whole prompt
      // (its question there) and the answer: this side's prompts are kept short to fit.
      "rag.generation.openai.context-tokens=190",
      "rag.generation.context-sources=2"
    })
class OpenAiBackendTest {

  private static final StubRetrieval STUB = new StubRetrieval();
  private static ConfigurableApplicationContext server;

  @Value("${local.server.port}")
  int port;

  /** The model server: generation-service with stories260K, on a port of its own. */
  private static synchronized URI server() {
    if (server == null) {
      server =
          new SpringApplicationBuilder(GenerationServiceApplication.class)
              .run(
                  "--server.port=0",
                  "--spring.application.name=model-server",
                  "--rag.generation.model=" + ReferenceModel.stories260K(),
                  "--rag.generation.context-tokens=512",
                  "--rag.generation.max-question-chars=20000",
                  "--rag.generation.retrieval-url=" + STUB.uri(),
                  "--rag.generation.rerank-url=" + STUB.uri());
    }
    return URI.create(
        "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port") + "/v1");
  }

  @DynamicPropertySource
  static void configure(DynamicPropertyRegistry registry) {
    registry.add("rag.generation.openai.base-url", () -> server().toString());
    registry.add("rag.generation.retrieval-url", () -> STUB.uri().toString());
    registry.add("rag.generation.rerank-url", () -> STUB.uri().toString());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
    STUB.close();
  }

  @Test
  void answersAreGeneratedByTheModelServer() throws Exception {
    var response =
        post(
            port,
            "/v1/answers",
            "{\"question\":\"How long should water boil?\",\"max_tokens\":16}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = json(response);
    assertThat(answer.path("mode").asString()).isEqualTo("generative");
    assertThat(answer.path("model").asString()).isEqualTo("stories260K");
    assertThat(answer.path("finishReason").asString()).as(response.body()).isIn("stop", "length");
    assertThat(answer.path("answer").asString()).isNotBlank();
    assertThat(answer.path("sources")).isNotEmpty();
  }

  @Test
  void theServersStreamArrivesAsManyDeltas() throws Exception {
    var response =
        Http.open(
            port,
            "/v1/answers",
            "{\"question\":\"How long should water boil?\",\"max_tokens\":16,\"stream\":true}");

    List<Http.Event> events = Http.events(response.body());
    List<String> deltas = new ArrayList<>();
    events.stream()
        .filter(e -> e.name().equals("delta"))
        .forEach(e -> deltas.add(e.json().path("text").asString()));
    Http.Event done = events.getLast();
    assertThat(done.name()).isEqualTo("done");
    assertThat(done.json().path("finishReason").asString()).isIn("stop", "length");
    // One delta per token the server streamed, not the whole text at the end.
    assertThat(deltas).hasSizeGreaterThan(3);
    assertThat(String.join("", deltas)).isNotBlank();
  }

  @Test
  void aModelTheServerDoesNotKnowEndsTheGenerationWithAnErrorWithoutOpeningTheCircuit()
      throws Exception {
    var breakers = CircuitBreakerRegistry.of(quickToOpen());
    try (var model = model(OpenAiProperties.of(server(), "gpt-4o"), breakers)) {
      for (int i = 0; i < 3; i++) {
        assertThat(generate(model).reason()).isEqualTo(StopReason.ERROR);
      }
    }
    assertThat(breakers.circuitBreaker("openai").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aServerThatIsDownOpensTheCircuitAndLaterGenerationsFailAtOnce() throws Exception {
    int closedPort;
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    var breakers = CircuitBreakerRegistry.of(quickToOpen());
    var down = OpenAiProperties.of(URI.create("http://127.0.0.1:" + closedPort + "/v1"), "any");
    try (var model = model(down, breakers)) {
      assertThat(generate(model).reason()).isEqualTo(StopReason.ERROR);
      assertThat(generate(model).reason()).isEqualTo(StopReason.ERROR);
      CircuitBreaker breaker = breakers.circuitBreaker("openai");
      assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
      assertThat(generate(model).reason()).isEqualTo(StopReason.ERROR);
      assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(1);
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    try (var silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new ArrayList<>();
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      var properties =
          new OpenAiProperties(
              URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/v1"),
              "any",
              "",
              Duration.ofSeconds(2),
              Duration.ofMillis(300),
              8192);
      try (var model = model(properties, CircuitBreakerRegistry.of(quickToOpen()))) {
        long start = System.nanoTime();
        assertThat(generate(model).reason()).isEqualTo(StopReason.ERROR);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
      }
    }
  }

  private static CircuitBreakerConfig quickToOpen() {
    return CircuitBreakerConfig.custom()
        .slidingWindowSize(4)
        .minimumNumberOfCalls(2)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofMinutes(5))
        .build();
  }

  private static LanguageModel model(OpenAiProperties openai, CircuitBreakerRegistry breakers) {
    var unused = URI.create("http://127.0.0.1:1");
    var properties =
        GenerationProperties.defaults(null, unused, unused)
            .withBackend(
                GenerationProperties.Backend.OPENAI, GenerationProperties.Device.CPU, false);
    return new LanguageModel(properties, openai, breakers, new SimpleMeterRegistry());
  }

  private static Completion generate(LanguageModel model) throws Exception {
    String prompt = model.promptFormat().render("Answer briefly.", "How long should water boil?");
    return model
        .start(CompletionRequest.greedy(prompt, 8), TextListener.NONE)
        .result()
        .get(60, TimeUnit.SECONDS);
  }
}
