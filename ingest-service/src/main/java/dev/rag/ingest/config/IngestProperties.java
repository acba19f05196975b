package dev.rag.ingest.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code rag.ingest.*}.
 *
 * @param maxUploadSize largest file accepted by upload; larger ones are refused with 413
 *     (default 50MB). Also bounds {@code bytes} of producer records.
 * @param chunkTargetTokens target chunk length in embedding-model tokens (default 384; at most
 *     510, the model's 512 minus [CLS] and [SEP])
 * @param chunkOverlap fraction of a chunk repeated at the start of the next (default 0.15)
 * @param stagingDir where accepted uploads wait to be parsed; must survive a restart so
 *     interrupted jobs resume (default {@code ${RAG_STATE_DIR}/ingest/staging})
 * @param parseConcurrency documents parsed at the same time (default 2); further accepted
 *     documents wait, persisted, for a slot
 * @param maxExtractedChars most characters of text taken from one document (default 20,000,000);
 *     beyond that the document fails instead of exhausting memory (zip bombs, huge exports)
 * @param publishTimeout how long publishing one document's chunks may take (default 60s)
 */
@Validated
@ConfigurationProperties("rag.ingest")
public record IngestProperties(
    @NotNull @DefaultValue("50MB") DataSize maxUploadSize,
    @Min(16) @Max(510) @DefaultValue("384") int chunkTargetTokens,
    @DecimalMin("0.0") @DecimalMax("0.5") @DefaultValue("0.15") double chunkOverlap,
    @NotNull Path stagingDir,
    @Min(1) @Max(64) @DefaultValue("2") int parseConcurrency,
    @Min(1000) @DefaultValue("20000000") int maxExtractedChars,
    @NotNull @DefaultValue("60s") Duration publishTimeout) {}
