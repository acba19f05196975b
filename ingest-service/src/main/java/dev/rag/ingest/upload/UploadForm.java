package dev.rag.ingest.upload;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.web.multipart.MultipartFile;

/**
 * The multipart form of an upload as the OpenAPI document describes it. The controller reads every
 * file part whatever its name (so {@code curl -F a=@x -F b=@y} works too); {@code files} is the
 * name generated clients use.
 *
 * @param files the documents, one part each (PDF, DOCX, HTML, EPUB, Markdown, plain text, CSV, TSV,
 *     XLSX, ODS, PPTX, ODP, EML)
 * @param documentId the document id of a single file (default {@code <collection>:<file name>})
 * @param metadata a JSON object of metadata for every file of the request; a part named {@code
 *     metadata[<file name>]} gives one file its own (its keys win)
 */
record UploadForm(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The documents to ingest")
        List<MultipartFile> files,
    @Schema(description = "The id of a single uploaded document; default <collection>:<file name>")
        String documentId,
    @Schema(
            description =
                "A JSON object of metadata for every file, e.g. {\"team\":\"hr\",\"year\":2024};"
                    + " a part named metadata[<file name>] gives one file its own")
        String metadata) {}
