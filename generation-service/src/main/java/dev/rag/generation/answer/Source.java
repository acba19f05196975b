package dev.rag.generation.answer;

import dev.rag.contracts.retrieval.RetrievedChunk;
import java.util.List;

/**
 * A numbered source of an answer: what {@code [number]} in the answer text refers to.
 *
 * @param number 1-based, as shown to the model and in citations
 * @param candidate the chunk, its rank and score
 * @param injectionSuspected whether its text holds instruction-like sentences (see {@link
 *     InjectionGuard})
 */
public record Source(int number, Candidate candidate, boolean injectionSuspected) {

  public RetrievedChunk chunk() {
    return candidate.chunk();
  }

  public String text() {
    return candidate.text();
  }

  /** The section path joined for display ("Billing > Payments"), or null when unknown. */
  public String section() {
    List<String> path = chunk().sectionPath();
    return path == null || path.isEmpty() ? null : String.join(" > ", path);
  }

  /** A display title: the document title, else its id. */
  public String title() {
    String title = chunk().title();
    return title == null || title.isBlank() ? chunk().documentId() : title;
  }
}
