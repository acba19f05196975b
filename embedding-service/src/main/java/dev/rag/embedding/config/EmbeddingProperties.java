package dev.rag.embedding.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.embedding.*}.
 *
 * @param modelDir a model directory ({@code model.onnx}, {@code tokenizer.json}); unset means the
 *     bundled bge-small-en-v1.5 (quantized)
 * @param batchSize most passages in one ONNX Runtime call (default 32)
 * @param threads ONNX Runtime intra-op threads; 0 means one per core (default 0)
 */
@Validated
@ConfigurationProperties("rag.embedding")
public record EmbeddingProperties(
    Path modelDir,
    @Min(1) @Max(1024) @DefaultValue("32") int batchSize,
    @Min(0) @Max(256) @DefaultValue("0") int threads) {}
