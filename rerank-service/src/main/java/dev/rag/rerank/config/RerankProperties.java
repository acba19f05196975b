package dev.rag.rerank.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.rerank.*}.
 *
 * @param modelDir a cross-encoder directory ({@code model.onnx}, {@code tokenizer.json},
 *     {@code config.json}); unset means no model: the service reports {@code model: none}
 * @param maxDocuments most documents in one rerank request (default 1000)
 * @param batchSize most pairs in one ONNX Runtime call (default 32)
 */
@Validated
@ConfigurationProperties("rag.rerank")
public record RerankProperties(
    Path modelDir,
    @Min(1) @Max(100_000) @DefaultValue("1000") int maxDocuments,
    @Min(1) @Max(1024) @DefaultValue("32") int batchSize) {}
