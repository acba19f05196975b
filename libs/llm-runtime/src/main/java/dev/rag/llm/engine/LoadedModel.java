package dev.rag.llm.engine;

import dev.rag.llm.gguf.GgmlType;
import dev.rag.llm.gguf.GgufFile;
import dev.rag.llm.model.ModelConfig;
import dev.rag.llm.model.ModelLoader;
import dev.rag.llm.model.ModelWeights;
import dev.rag.llm.tokenizer.ChatTemplate;
import dev.rag.llm.tokenizer.Tokenizer;
import dev.rag.llm.tokenizer.Tokenizers;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Path;

/**
 * A model opened from a GGUF file: configuration, weights (mapped, or quantized copies), tokenizer
 * and chat template. Closing it unmaps the file and frees quantized copies.
 */
public record LoadedModel(
    GgufFile file,
    ModelConfig config,
    ModelWeights weights,
    Tokenizer tokenizer,
    ChatTemplate chatTemplate,
    Arena arena)
    implements AutoCloseable {

  /** Opens {@code path}; {@code quantizeTo} is Q8_0, Q4_0 or null. */
  public static LoadedModel load(Path path, GgmlType quantizeTo) throws IOException {
    GgufFile file = GgufFile.open(path);
    Arena arena = Arena.ofShared();
    try {
      ModelConfig config = ModelLoader.readConfig(file);
      ModelWeights weights = new ModelLoader(file, quantizeTo, arena).loadWeights(config);
      Tokenizer tokenizer = Tokenizers.fromGguf(file.metadata());
      ChatTemplate template = ChatTemplate.fromMetadata(file.metadata());
      return new LoadedModel(file, config, weights, tokenizer, template, arena);
    } catch (RuntimeException e) {
      arena.close();
      file.close();
      throw e;
    }
  }

  @Override
  public void close() {
    arena.close();
    file.close();
  }
}
