package dev.rag.ingest.upload;

import dev.rag.support.openapi.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * {@code POST /v1/collections/{collection}/documents}: multipart, one or more file parts (any part
 * name), optional {@code documentId} form field for a single file, optional {@code metadata} (JSON
 * object for every file) and {@code metadata[<file name>]} (JSON object for one file) form fields,
 * see {@link UploadMetadata}. Unknown collections are created on first upload. Answers 202 with the
 * job id and a {@code Location} to follow.
 */
@Tag(name = "documents", description = "Upload, list, read and delete documents")
@RestController
class UploadController {

  private final UploadService uploads;

  UploadController(UploadService uploads) {
    this.uploads = uploads;
  }

  @Operation(
      operationId = "uploadDocuments",
      summary = "Upload one or more documents into a collection",
      description =
          "Multipart: one or more file parts (`files`), and for a single file an optional"
              + " `documentId`. A file's document id is `<collection>:<file name>` unless given;"
              + " uploading it again is a new version. Answers 202 with the ingest job to poll.",
      requestBody =
          @RequestBody(
              required = true,
              content =
                  @Content(
                      mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                      schema = @Schema(implementation = UploadForm.class))))
  @ApiResponse(
      responseCode = "202",
      description = "The files are accepted; follow the job at `status` (also in `Location`)",
      headers =
          @Header(
              name = "Location",
              description = "The ingest job to poll",
              schema = @Schema(type = "string", format = "uri-reference")))
  @ApiResponse(responseCode = "413", ref = ProblemResponses.CONTENT_TOO_LARGE)
  @ApiResponse(responseCode = "415", ref = ProblemResponses.UNSUPPORTED_MEDIA_TYPE)
  @ApiResponse(responseCode = "422", ref = ProblemResponses.UNPROCESSABLE_CONTENT)
  @PostMapping(
      path = "/v1/collections/{collection}/documents",
      consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<JobAccepted> upload(
      @PathVariable String collection,
      @Parameter(hidden = true) @RequestParam(required = false) String documentId,
      @Parameter(hidden = true) MultipartHttpServletRequest request) {
    List<MultipartFile> files =
        request.getMultiFileMap().values().stream().flatMap(List::stream).toList();
    JobAccepted accepted =
        uploads.accept(collection, files, documentId, UploadMetadata.of(request.getParameterMap()));
    return ResponseEntity.accepted().location(URI.create(accepted.status())).body(accepted);
  }
}
