package dev.rag.support.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

class ProblemAdviceTest {

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
  void unexpectedErrorsHideTheirInternals() {
    ResponseEntity<ProblemDetail> response =
        advice.handleUnexpected(new NullPointerException("secret internal state"), request);

    assertThat(response.getStatusCode().value()).isEqualTo(500);
    assertThat(response.getBody().getType()).isEqualTo(ProblemType.INTERNAL.uri());
    assertThat(response.getBody().getDetail()).doesNotContain("secret");
  }
}
