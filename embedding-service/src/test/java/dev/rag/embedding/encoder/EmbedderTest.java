package dev.rag.embedding.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.embedding.config.EmbeddingProperties;
import dev.rag.encoders.BundledModels;
import dev.rag.encoders.inference.TextEmbedder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model loading (bundled or a directory) and what the batch size changes. */
class EmbedderTest {

  private static final List<String> NEIGHBOURS =
      List.of(
          "The cat sits on the mat.",
          "A much longer neighbour sentence about protein folding, enzymes and their kinetics in cells.",
          "Short one.");

  @Test
  void batchSizeOneVectorsDoNotDependOnTheirNeighbours() {
    try (TextEmbedder embedder = Embedder.load(properties(null, null, 1))) {
      float[] alone = embedder.embed(NEIGHBOURS.getFirst());
      float[] inBatch = embedder.embed(NEIGHBOURS).vectors().getFirst();

      assertThat(inBatch).containsExactly(alone);
      assertThat(embedder.modelId()).isEqualTo(BundledModels.BGE_SMALL_ID);
    }
  }

  @Test
  void aLargerBatchSizeRunsTextsTogether() {
    var registry = new SimpleMeterRegistry();
    var embedder = new Embedder(properties(null, null, 32), registry);
    try {
      embedder.embed(NEIGHBOURS, Embedder.InputType.PASSAGE, Embedder.Source.KAFKA);

      // One ONNX call for all three texts, not three calls of one.
      assertThat(registry.get("rag.embedding.batch.size").summary().max()).isEqualTo(3.0);
      assertThat(registry.get("rag.embedding.passages").tag("source", "kafka").counter().count())
          .isEqualTo(3.0);
    } finally {
      embedder.destroy();
    }
  }

  @Test
  void loadsAModelDirectoryNamedByItsDirectoryOrTheConfiguredId(@TempDir Path root)
      throws Exception {
    Path dir = Files.createDirectories(root.resolve("my-bge"));
    copy(BundledModels.BGE_SMALL_ONNX, dir.resolve("model.onnx"));
    copy(BundledModels.BGE_SMALL_TOKENIZER, dir.resolve("tokenizer.json"));
    String text = "Vectors from a directory equal the bundled ones.";
    float[] bundled;
    try (TextEmbedder embedder = Embedder.load(properties(null, null, 1))) {
      bundled = embedder.embed(text);
    }

    try (TextEmbedder byDirectory = Embedder.load(properties(dir, null, 1))) {
      assertThat(byDirectory.modelId()).isEqualTo("my-bge");
      assertThat(byDirectory.embed(text)).containsExactly(bundled);
    }
    try (TextEmbedder byId = Embedder.load(properties(dir, "bge-small-custom", 1))) {
      assertThat(byId.modelId()).isEqualTo("bge-small-custom");
    }
  }

  private static EmbeddingProperties properties(Path modelDir, String modelId, int batchSize) {
    return new EmbeddingProperties(
        modelDir, modelId, batchSize, 0, 256, 1, 64, "embedding-service");
  }

  private static void copy(String resource, Path target) throws Exception {
    try (InputStream in = EmbedderTest.class.getClassLoader().getResourceAsStream(resource)) {
      Files.copy(in, target);
    }
  }
}
