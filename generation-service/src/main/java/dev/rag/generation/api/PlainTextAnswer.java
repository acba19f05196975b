package dev.rag.generation.api;

import dev.rag.generation.answer.Answer;
import dev.rag.generation.answer.AnswerSink;
import dev.rag.generation.answer.AnswerWarning;
import dev.rag.generation.answer.Citation;
import dev.rag.generation.answer.SourceView;
import java.io.IOException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * An answer as a terminal shows it ({@code Accept: text/plain}, what {@code rag ask} reads): the
 * text as it is produced, then the numbered sources it cites, then warnings. Streaming is plain
 * chunked text, so a shell client needs no JSON or SSE parser.
 */
final class PlainTextAnswer implements AnswerSink {

  static final MediaType TEXT =
      new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8);

  private final ResponseBodyEmitter emitter;
  private volatile boolean gone;

  PlainTextAnswer(ResponseBodyEmitter emitter) {
    this.emitter = emitter;
    emitter.onError(e -> gone = true);
    emitter.onTimeout(() -> gone = true);
  }

  @Override
  public void sources(List<SourceView> sources, String mode) {}

  @Override
  public void delta(String text) throws IOException {
    send(text);
  }

  @Override
  public void done(Answer answer) throws IOException {
    send(footer(answer));
  }

  /** Everything after the answer text: mode, cited sources, warnings. */
  static String footer(Answer answer) {
    StringBuilder sb = new StringBuilder("\n\n");
    if (!answer.citations().isEmpty()) {
      sb.append("Sources:\n");
      for (Citation c : answer.citations()) {
        sb.append("  [").append(c.number()).append("] ").append(c.title());
        if (c.section() != null) {
          sb.append(" — ").append(c.section());
        }
        if (c.page() != null) {
          sb.append(", page ").append(c.page());
        }
        sb.append("  (").append(c.documentId()).append(")\n");
      }
    }
    for (AnswerWarning w : answer.warnings()) {
      sb.append("warning: ")
          .append(w.kind())
          .append(w.source() == null ? "" : " in source " + w.source())
          .append(w.detail() == null ? "" : ": " + w.detail())
          .append('\n');
    }
    sb.append("(")
        .append(answer.mode())
        .append(answer.model() == null ? "" : ", " + answer.model())
        .append(", ")
        .append(Math.round(answer.timings().totalMs()))
        .append(" ms)\n");
    return sb.toString();
  }

  private void send(String text) throws IOException {
    if (gone) {
      throw new IOException("client disconnected");
    }
    try {
      emitter.send(text, TEXT);
    } catch (IOException | IllegalStateException e) {
      gone = true;
      throw e instanceof IOException io ? io : new IOException(e);
    }
  }
}
