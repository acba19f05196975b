package dev.rag.generation.answer;

import java.io.IOException;
import java.util.List;

/**
 * Where an answer goes while it is made: the sources first, then text as it is produced, then the
 * finished answer. An {@link IOException} from any call means the client is gone: the pipeline
 * stops and cancels the generation.
 */
public interface AnswerSink {

  void sources(List<SourceView> sources, String mode) throws IOException;

  void delta(String text) throws IOException;

  void done(Answer answer) throws IOException;
}
