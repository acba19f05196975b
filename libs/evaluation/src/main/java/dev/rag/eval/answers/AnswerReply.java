package dev.rag.eval.answers;

import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * What the platform answered one question, as far as the metrics need it.
 *
 * @param text the answer text ("" when the request failed)
 * @param abstained whether it said it does not know
 * @param citedDocuments the document ids of its citations, in order
 * @param confidence the answer's {@code confidence} in [0, 1] when the platform reports one
 * @param latencyMs wall-clock time of the request as the client saw it
 * @param failure why the request failed; null when it did not
 * @param expansionSkipped whether the platform warned that query expansions asked for could not run
 *     ({@code expansion-unavailable})
 */
public record AnswerReply(
    String text,
    boolean abstained,
    List<String> citedDocuments,
    Double confidence,
    double latencyMs,
    String failure,
    boolean expansionSkipped) {

  public AnswerReply {
    citedDocuments = List.copyOf(citedDocuments);
  }

  public static AnswerReply failed(String why, double latencyMs) {
    return new AnswerReply("", false, List.of(), null, latencyMs, why, false);
  }

  /**
   * Reads a {@code POST /v1/answers} JSON answer. The platform's {@code abstained} flag decides
   * when present; older platforms are read by their fixed reply, which starts "I don't know".
   */
  public static AnswerReply of(JsonNode answer, double latencyMs) {
    String text = answer.path("answer").asString("");
    JsonNode flag = answer.get("abstained");
    boolean abstained =
        flag != null && flag.isBoolean()
            ? flag.asBoolean()
            : SquadText.normalise(text).toLowerCase(Locale.ROOT).startsWith("i dont know");
    List<String> cited = new java.util.ArrayList<>();
    for (JsonNode citation : answer.path("citations")) {
      cited.add(citation.path("documentId").asString(""));
    }
    JsonNode confidence = answer.get("confidence");
    boolean expansionSkipped = false;
    for (JsonNode warning : answer.path("warnings")) {
      expansionSkipped |= warning.path("kind").asString("").equals("expansion-unavailable");
    }
    return new AnswerReply(
        text,
        abstained,
        cited,
        confidence != null && confidence.isNumber() ? confidence.asDouble() : null,
        latencyMs,
        null,
        expansionSkipped);
  }
}
