package dev.rag.support.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.problem.ProblemType;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.junit.jupiter.api.Test;

class ProblemResponsesTest {

  @Test
  void everyProblemTypeHasAResponseOfItsStatusThatNamesItsType() {
    Components components = ProblemResponses.addTo(new Components());

    for (ProblemType type : ProblemType.values()) {
      ApiResponse response = components.getResponses().get(ProblemResponses.name(type.status()));
      assertThat(response).as(type.name()).isNotNull();
      assertThat(response.getDescription()).contains(type.uri().toString());
      assertThat(response.getContent().get(ProblemResponses.PROBLEM_JSON).getSchema().get$ref())
          .isEqualTo("#/components/schemas/Problem");
    }
    assertThat(components.getSchemas()).containsKey(ProblemResponses.PROBLEM_SCHEMA);
    assertThat(components.getResponses().get("TooManyRequests").getHeaders())
        .containsKey("Retry-After");
  }

  @Test
  void sharedResponsesAreAddedWithoutReplacingWhatTheOperationDeclares() {
    ApiResponse own = new ApiResponse().description("a documented 400 of this operation");
    Operation operation =
        new Operation()
            .responses(
                new ApiResponses()
                    .addApiResponse("200", new ApiResponse().description("OK"))
                    .addApiResponse("400", own));

    ProblemResponses.addShared(operation);

    assertThat(operation.getResponses())
        .containsKeys("200", "400", "401", "403", "429", "500", "503");
    assertThat(operation.getResponses().get("400")).isSameAs(own);
    assertThat(operation.getResponses().get("401").get$ref())
        .isEqualTo(ProblemResponses.UNAUTHORIZED);
  }
}
