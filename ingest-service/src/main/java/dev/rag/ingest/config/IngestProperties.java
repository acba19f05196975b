package dev.rag.ingest.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.ingest.*}.
 *
 * @param maxUploadSize largest file accepted by upload; larger ones are refused with 413
 *     (default 50MB)
 * @param chunkTargetTokens target chunk length in embedding-model tokens (default 384)
 * @param chunkOverlap fraction of a chunk repeated at the start of the next (default 0.15)
 */
@Validated
@ConfigurationProperties("rag.ingest")
public record IngestProperties(
    @NotNull @DefaultValue("50MB") DataSize maxUploadSize,
    @Min(32) @Max(8192) @DefaultValue("384") int chunkTargetTokens,
    @DecimalMin("0.0") @DecimalMax("0.5") @DefaultValue("0.15") double chunkOverlap) {}
