package dev.rag.support.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import java.util.List;
import org.apache.tomcat.util.http.fileupload.FileUploadException;
import org.apache.tomcat.util.http.fileupload.InvalidFileNameException;
import org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import tools.jackson.databind.json.JsonMapper;

class ProblemAdviceTest {

  /** A body with the shapes clients get wrong: numbers, strings, lists of objects. */
  record Query(String query, int k, List<Filter> filters, Boolean explain) {}

  record Filter(String field, String value) {}

  record Named(String name) {
    Named {
      if (name != null && name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
    }
  }

  @RestController
  static class Endpoints {
    @PostMapping("/v1/query")
    String query(@RequestBody Query query) {
      return "ok";
    }

    @PostMapping("/v1/named")
    String named(@RequestBody Named named) {
      return "ok";
    }
  }

  private final MockMvc mvc =
      MockMvcBuilders.standaloneSetup(new Endpoints())
          .setControllerAdvice(new ProblemAdvice())
          .build();

  /** POSTs {@code json}, expects a 400 malformed-request problem, returns its detail. */
  private String unreadable(String path, String json) throws Exception {
    MvcResult result =
        mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(json)).andReturn();
    String body = result.getResponse().getContentAsString();
    assertThat(result.getResponse().getStatus()).as(body).isEqualTo(400);
    assertThat(body)
        .contains(ProblemType.MALFORMED_REQUEST.uri().toString())
        .doesNotContain("java.")
        .doesNotContain("dev.rag")
        .doesNotContain("`")
        .doesNotContain("Query")
        .doesNotContain("Filter")
        .doesNotContain("LinkedHashMap")
        .doesNotContain("Source:")
        .doesNotContain("StreamReadFeature");
    return JsonMapper.builder().build().readTree(body).path("detail").asString();
  }

  @Test
  void aWrongJsonTypeIsNamedByItsFieldPathNotByJavaTypes() throws Exception {
    assertThat(unreadable("/v1/query", "{\"k\": \"ten\"}")).isEqualTo("k: expected a number");
    assertThat(unreadable("/v1/query", "{\"query\": [\"a\"]}"))
        .isEqualTo("query: expected a string");
    assertThat(unreadable("/v1/query", "{\"query\": {\"a\": 1}}"))
        .isEqualTo("query: expected a string");
    assertThat(unreadable("/v1/query", "{\"filters\": {\"field\": \"a\"}}"))
        .isEqualTo("filters: expected an array");
    assertThat(unreadable("/v1/query", "{\"filters\": [{\"field\": [1]}]}"))
        .isEqualTo("filters[0].field: expected a string");
    assertThat(unreadable("/v1/query", "{\"filters\": [\"owner\"]}"))
        .isEqualTo("filters[0]: expected an object");
    assertThat(unreadable("/v1/query", "{\"explain\": [true]}"))
        .isEqualTo("explain: expected true or false");
    assertThat(unreadable("/v1/query", "[1, 2]")).isEqualTo("the request body: expected an object");
  }

  @Test
  void brokenJsonIsPlacedByLineAndColumn() throws Exception {
    assertThat(unreadable("/v1/query", "{\"query\":")).startsWith("malformed JSON at line 1");
    assertThat(unreadable("/v1/query", "{\"query\": \"a\",\n \"k\": tru}"))
        .startsWith("malformed JSON at line 2");
  }

  @Test
  void aValueTheRecordRejectsKeepsTheRecordsOwnMessage() throws Exception {
    assertThat(unreadable("/v1/named", "{\"name\": \"  \"}")).isEqualTo("name must not be blank");
  }

  @Test
  void recognisesJavaTypeNames() {
    assertThat(ProblemAdvice.namesJavaType("dev.rag.contracts.retrieval.RetrieveRequest[\"k\"]"))
        .isTrue();
    assertThat(
            ProblemAdvice.namesJavaType(
                "Cannot deserialize value of type `java.util.LinkedHashMap`"))
        .isTrue();
    assertThat(ProblemAdvice.namesJavaType("Outer$Inner")).isTrue();
    assertThat(ProblemAdvice.namesJavaType("k must be 1..1000, was 0")).isFalse();
    assertThat(ProblemAdvice.namesJavaType("mode must be one of bm25, dense, hybrid")).isFalse();
  }

  @Test
  void tooManyMultipartPartsIs413NamingTheLimit() throws Exception {
    var tooMany =
        new MaxUploadSizeExceededException(
            -1, new IllegalStateException(new FileCountLimitExceededException("attachment", 1000)));
    ResponseEntity<Object> response =
        advice.handleException(tooMany, new ServletWebRequest(request));

    assertThat(response.getStatusCode().value()).isEqualTo(413);
    ProblemDetail body = (ProblemDetail) response.getBody();
    assertThat(body.getType()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE.uri());
    assertThat(body.getDetail()).contains("at most 1000 files per upload");
  }

  @Test
  void anUnparseableMultipartBodyIs400() {
    var truncated =
        new MultipartException(
            "Failed to parse multipart servlet request",
            new IllegalStateException(new FileUploadException("Stream ended unexpectedly")));
    ResponseEntity<ProblemDetail> response = advice.handleMultipart(truncated, request);
    assertThat(response.getStatusCode().value()).isEqualTo(400);
    assertThat(response.getBody().getType()).isEqualTo(ProblemType.MALFORMED_REQUEST.uri());
    assertThat(response.getBody().getDetail())
        .isEqualTo("the multipart body cannot be parsed: Stream ended unexpectedly");

    var nul =
        new MultipartException(
            "Failed to parse multipart servlet request",
            new IllegalStateException(
                new InvalidFileNameException("a\u0000.txt", "Invalid file name: a\u0000.txt")));
    ResponseEntity<ProblemDetail> named = advice.handleMultipart(nul, request);
    assertThat(named.getStatusCode().value()).isEqualTo(400);
    assertThat(named.getBody().getType()).isEqualTo(ProblemType.VALIDATION.uri());
    assertThat(named.getBody().getDetail())
        .contains("printable characters")
        .doesNotContain("\u0000");
  }

  private final ProblemAdvice advice = new ProblemAdvice();
  private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/things/7");

  @Test
  void apiExceptionKeepsItsTypeStatusAndExtensions() {
    ResponseEntity<ProblemDetail> response =
        advice.handleApi(ApiException.notFound("collection", "kb"), request);

    assertThat(response.getStatusCode().value()).isEqualTo(404);
    ProblemDetail body = response.getBody();
    assertThat(body.getType()).isEqualTo(ProblemType.NOT_FOUND.uri());
    assertThat(body.getDetail()).isEqualTo("collection 'kb' does not exist");
    assertThat(body.getInstance()).hasToString("/v1/things/7");
    assertThat(body.getProperties()).containsEntry("id", "kb");
  }

  @Test
  void aTemporaryProblemSaysWhenToRetryInWholeSeconds() {
    ResponseEntity<ProblemDetail> shed =
        advice.handleApi(
            new ApiException(ProblemType.UPSTREAM_UNAVAILABLE, "search queue full")
                .retryAfter(java.time.Duration.ofMillis(1500)),
            request);
    assertThat(shed.getStatusCode().value()).isEqualTo(503);
    assertThat(shed.getHeaders().getFirst("Retry-After")).isEqualTo("2");

    ResponseEntity<ProblemDetail> failing =
        advice.handleApi(new ApiException(ProblemType.UPSTREAM_UNAVAILABLE, "broken"), request);
    assertThat(failing.getHeaders().containsHeader("Retry-After")).isFalse();
  }

  @Test
  void unexpectedErrorsHideTheirInternals() {
    ResponseEntity<ProblemDetail> response =
        advice.handleUnexpected(new NullPointerException("secret internal state"), request);

    assertThat(response.getStatusCode().value()).isEqualTo(500);
    assertThat(response.getBody().getType()).isEqualTo(ProblemType.INTERNAL.uri());
    assertThat(response.getBody().getDetail()).doesNotContain("secret");
  }

  @Test
  void aRequestCaughtInADatabaseOutageIsToldToRetryNotThatItHitABug() {
    var restarting =
        new IllegalStateException(
            "could not get a connection",
            new java.sql.SQLException(
                "terminating connection due to administrator command", "57P01"));
    ResponseEntity<ProblemDetail> response = advice.handleUnexpected(restarting, request);

    assertThat(response.getStatusCode().value()).isEqualTo(503);
    assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("5");
    assertThat(response.getBody().getType()).isEqualTo(ProblemType.UPSTREAM_UNAVAILABLE.uri());
    assertThat(response.getBody().getDetail()).doesNotContain("administrator");
  }

  @Test
  void aRequestCaughtInTheGracefulStopIsToldToRetry() {
    var stopping = new ProblemAdvice();
    stopping.onApplicationEvent(
        new org.springframework.context.event.ContextClosedEvent(
            new org.springframework.context.support.GenericApplicationContext()));

    ResponseEntity<ProblemDetail> response =
        stopping.handleUnexpected(new IllegalStateException("Database is already closed"), request);

    assertThat(response.getStatusCode().value()).isEqualTo(503);
    assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("5");
    assertThat(response.getBody().getDetail()).contains("stopping").doesNotContain("Database");
    // Before the stop the same failure is a bug, and says so.
    assertThat(
            advice
                .handleUnexpected(new IllegalStateException("Database is already closed"), request)
                .getStatusCode()
                .value())
        .isEqualTo(500);
  }
}
