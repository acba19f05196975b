package dev.rag.generation.api;

import dev.rag.support.openapi.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}} in OpenAI's shape: the ids {@code
 * /v1/chat/completions} accepts (see {@link ServedModels}). OpenAI client libraries list or
 * retrieve a model before they use it.
 */
@Tag(name = "answers", description = "Questions answered from a collection, with citations")
@RestController
class ModelController {

  private final ServedModels models;

  ModelController(ServedModels models) {
    this.models = models;
  }

  @Operation(
      operationId = "listModels",
      summary = "The model ids chat completions accept (OpenAI-compatible)")
  @GetMapping("/v1/models")
  ServedModels.ModelList list() {
    return new ServedModels.ModelList("list", models.list());
  }

  @Operation(operationId = "retrieveModel", summary = "One model id chat completions accept")
  @ApiResponse(responseCode = "200", description = "The model")
  @ApiResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
  @GetMapping("/v1/models/{id}")
  ServedModels.ModelView retrieve(@PathVariable String id) {
    return models.find(id);
  }
}
