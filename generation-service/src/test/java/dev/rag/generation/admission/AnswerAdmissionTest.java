package dev.rag.generation.admission;

import static dev.rag.generation.testing.Http.post;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.generation.testing.StubRetrieval;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Overload at generation-service: with {@code rag.generation.admission.max-concurrent=2} and a
 * retrieval that takes 1.5 s, a burst of six answers gets two (or a few more, as permits come back)
 * answered and the rest refused at once with 503 and {@code Retry-After}, counted in {@code
 * rag.generation.shed}; afterwards answers flow again. A retrieval-service that sheds load (503
 * with {@code Retry-After}) is passed on the same way, not reported as a failure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnswerAdmissionTest {

  private static final StubRetrieval STUB = new StubRetrieval();

  @Value("${local.server.port}")
  int port;

  @Autowired MeterRegistry meters;

  @DynamicPropertySource
  static void downstream(DynamicPropertyRegistry registry) {
    registry.add("rag.generation.retrieval-url", () -> STUB.uri().toString());
    registry.add("rag.generation.rerank-url", () -> STUB.uri().toString());
    registry.add("rag.generation.admission.max-concurrent", () -> "2");
  }

  @AfterAll
  static void stopStub() {
    STUB.close();
  }

  @Test
  void aBurstPastTheLimitIsRefusedAtOnceWithRetryAfter() throws Exception {
    List<Callable<HttpResponse<String>>> burst = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      // Other spellings of the path reach the same endpoint and count against the same limit.
      String path = List.of("/v1/answers", "/v1/answers;v=1", "/v1/./answers").get(i % 3);
      burst.add(() -> answer(path, "slow"));
    }
    List<HttpResponse<String>> responses = new ArrayList<>();
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Future<HttpResponse<String>> future : executor.invokeAll(burst)) {
        responses.add(future.get());
      }
    }
    List<Integer> statuses = responses.stream().map(HttpResponse::statusCode).toList();
    // "/v1/./answers" counts against the limit too; admitted, Spring MVC matches the raw request
    // path and answers 404, so it can never be served past the limit. The other spellings are
    // served or refused.
    for (int i = 0; i < statuses.size(); i++) {
      if (i % 3 == 2) {
        assertThat(statuses.get(i)).as("request %d", i).isIn(404, 503);
      } else {
        assertThat(statuses.get(i)).as("request %d", i).isIn(200, 503);
      }
    }
    assertThat(statuses).contains(200);
    long refused = statuses.stream().filter(s -> s == 503).count();
    assertThat(refused).isGreaterThanOrEqualTo(2);
    assertThat(responses)
        .filteredOn(r -> r.statusCode() == 503)
        .allSatisfy(
            r -> {
              assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
              assertThat(r.body())
                  .contains("urn:rag:problem:upstream-unavailable")
                  .contains("at capacity");
            });
    assertThat(meters.get("rag.generation.shed").counter().count()).isEqualTo(refused);

    assertThat(answer("samples").statusCode()).isEqualTo(200);
  }

  @Test
  void aRetrievalSheddingLoadIsPassedOnWithRetryAfter() throws Exception {
    HttpResponse<String> busy = answer("busy");

    assertThat(busy.statusCode()).as(busy.body()).isEqualTo(503);
    assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(busy.body()).contains("search queue full");
  }

  private HttpResponse<String> answer(String collection) throws Exception {
    return answer("/v1/answers", collection);
  }

  private HttpResponse<String> answer(String path, String collection) throws Exception {
    return post(
        port,
        path,
        "{\"question\":\"How long should I boil tap water?\",\"collection\":\""
            + collection
            + "\"}");
  }
}
