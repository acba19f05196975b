package dev.rag.ingest.upload;

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
@RestController
class UploadController {

  private final UploadService uploads;

  UploadController(UploadService uploads) {
    this.uploads = uploads;
  }

  @PostMapping(
      path = "/v1/collections/{collection}/documents",
      consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<JobAccepted> upload(
      @PathVariable String collection,
      @RequestParam(required = false) String documentId,
      MultipartHttpServletRequest request) {
    List<MultipartFile> files =
        request.getMultiFileMap().values().stream().flatMap(List::stream).toList();
    JobAccepted accepted =
        uploads.accept(collection, files, documentId, UploadMetadata.of(request.getParameterMap()));
    return ResponseEntity.accepted().location(URI.create(accepted.status())).body(accepted);
  }
}
