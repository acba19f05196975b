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
 * @param modelDir a cross-encoder directory ({@code model.onnx}, {@code tokenizer.json}, {@code
 *     config.json}); unset means no model: the service reports {@code model: none}
 * @param modelId the id reported with every score (default: the directory's name)
 * @param maxDocuments most documents in one rerank request (default 1000)
 * @param batchSize most pairs in one ONNX Runtime call (default 32)
 * @param threads ONNX Runtime intra-op threads; 0 means one per core (default 0)
 * @param sigmoid report sigmoid(logit) instead of the raw logit (default false)
 */
@Validated
@ConfigurationProperties("rag.rerank")
public record RerankProperties(
    Path modelDir,
    String modelId,
    @Min(1) @Max(100_000) @DefaultValue("1000") int maxDocuments,
    @Min(1) @Max(1024) @DefaultValue("32") int batchSize,
    @Min(0) @Max(256) @DefaultValue("0") int threads,
    @DefaultValue("false") boolean sigmoid) {}
