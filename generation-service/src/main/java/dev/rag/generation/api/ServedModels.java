package dev.rag.generation.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rag.contracts.problem.ApiException;
import dev.rag.generation.llm.LanguageModel;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The model ids chat completions accept, as {@code GET /v1/models} lists them: {@code rag} (the
 * grounded answer pipeline with whatever generates its text) always, and the id of what generates
 * it: the generative model's, or {@code extractive} when none is loaded. A request naming either
 * gets it echoed in {@code model}; any other id is a 404 problem, so that a client configured for
 * another server notices instead of silently getting this one.
 */
@Component
class ServedModels {

  static final String PIPELINE = "rag";
  static final String OWNER = "rag-platform";

  private final LanguageModel model;
  private final long created = Instant.now().getEpochSecond();

  ServedModels(LanguageModel model) {
    this.model = model;
  }

  /** The ids, {@code rag} first. */
  List<ModelView> list() {
    String own = model.available() ? model.name() : "extractive";
    return List.of(
        new ModelView(PIPELINE, "model", created, OWNER),
        new ModelView(own, "model", created, OWNER));
  }

  /** The requested model as echoed back; when none is requested, the one that answers. */
  String resolve(String requested) {
    if (requested == null || requested.isBlank()) {
      return list().get(1).id();
    }
    return find(requested).id();
  }

  /**
   * The model with this id.
   *
   * @throws ApiException 404 naming the ids that exist
   */
  ModelView find(String id) {
    return list().stream()
        .filter(m -> m.id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                ApiException.notFound("model", id)
                    .with("available", list().stream().map(ModelView::id).toList()));
  }

  /** One entry of {@code GET /v1/models}, in OpenAI's shape. */
  record ModelView(
      String id, String object, long created, @JsonProperty("owned_by") String ownedBy) {}

  /** {@code GET /v1/models}'s body. */
  record ModelList(String object, List<ModelView> data) {}
}
