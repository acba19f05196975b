package dev.rag.llm.tokenizer;

import dev.rag.llm.gguf.GgufMetadata;
import dev.rag.llm.model.UnsupportedModelException;

/** Picks the tokenizer named by {@code tokenizer.ggml.model}. */
public final class Tokenizers {
  private Tokenizers() {}

  public static Tokenizer fromGguf(GgufMetadata md) {
    String model =
        md.findString("tokenizer.ggml.model")
            .orElseThrow(
                () ->
                    new UnsupportedModelException(
                        "the file has no tokenizer (tokenizer.ggml.model)"));
    Vocabulary vocab = Vocabulary.fromGguf(md);
    return switch (model) {
      case "llama" ->
          new SentencePieceTokenizer(
              vocab, md.get("tokenizer.ggml.add_space_prefix").map(v -> (Boolean) v).orElse(true));
      case "gpt2" ->
          new Gpt2Tokenizer(
              vocab,
              md.getStringArray("tokenizer.ggml.merges"),
              md.findString("tokenizer.ggml.pre").orElse("default"));
      default ->
          throw new UnsupportedModelException(
              "unsupported tokenizer '" + model + "'; supported: llama, gpt2");
    };
  }
}
