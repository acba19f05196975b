package dev.rag.ingest.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
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
 * <p>The number of files in one upload is bounded by Tomcat's {@code server.tomcat.max-part-count}
 * (1000 in this service's application.yml, files and form fields together): more is refused with
 * 413 "at most 1000 files per upload".
 *
 * @param maxUploadSize largest file accepted by upload; larger ones are refused with 413 (default
 *     50MB). Also bounds {@code bytes} of producer records.
 * @param chunkTargetTokens target chunk length in embedding-model tokens (default 384; at most 510,
 *     the model's 512 minus [CLS] and [SEP])
 * @param chunkOverlap fraction of a chunk repeated at the start of the next (default 0.15)
 * @param stagingDir where accepted uploads wait to be parsed; must survive a restart so interrupted
 *     jobs resume (default {@code ${RAG_STATE_DIR}/ingest/staging})
 * @param parseConcurrency documents parsed at the same time (default 2); further accepted documents
 *     wait, persisted, for a slot
 * @param maxExtractedChars most characters of text taken from one document (default 20,000,000);
 *     counted while the document is read, so beyond that it fails at once instead of exhausting
 *     memory (huge exports)
 * @param publishTimeout how long publishing one document's chunks may take (default 60s)
 * @param maxDecompressedSize most bytes a zip container (DOCX) may expand to, all entries together
 *     (default 200MB); a document over it fails with a reason naming this setting before the parser
 *     opens it (zip bombs: 300 KB of DOCX can hold 300 MB of text)
 * @param maxArchiveEntries most entries in one zip container (default 10000; a DOCX has a few
 *     dozen); more fails the document with a reason naming this setting
 * @param progressGroup Kafka consumer group that reads {@code rag.index-events} into this
 *     registry's jobs (default {@code ingest-service-progress}); replicas sharing one registry
 *     share it, a second registry on the same broker (another deployment) needs its own
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
    @NotNull @DefaultValue("60s") Duration publishTimeout,
    @NotNull @DefaultValue("200MB") DataSize maxDecompressedSize,
    @Min(1) @DefaultValue("10000") int maxArchiveEntries,
    @NotBlank @DefaultValue("ingest-service-progress") String progressGroup) {}
