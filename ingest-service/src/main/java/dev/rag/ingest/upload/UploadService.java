package dev.rag.ingest.upload;

import dev.rag.contracts.problem.ApiException;
import dev.rag.contracts.problem.ProblemType;
import dev.rag.ingest.collections.CollectionRegistry;
import dev.rag.ingest.config.IngestProperties;
import dev.rag.ingest.jobs.JobItem;
import dev.rag.ingest.jobs.JobStore;
import dev.rag.ingest.parsing.ArchiveLimits;
import dev.rag.ingest.parsing.ContentTypes;
import dev.rag.ingest.parsing.DocumentContent;
import dev.rag.ingest.parsing.StrictUtf8;
import dev.rag.ingest.parsing.UnparseableDocumentException;
import dev.rag.ingest.pipeline.IngestMetrics;
import dev.rag.ingest.pipeline.IngestWorkers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

/**
 * Accepts an upload: every file is checked and staged before anything is persisted, so a request is
 * taken whole or refused whole with a problem detail naming the file. After the job row and the
 * files are on disk the request is answered; parsing runs on {@link IngestWorkers}.
 *
 * <p>Document ids: {@code <collection>:<file name>} unless the request names one ({@code
 * documentId}, single file only). Stable, so uploading the same file name again with new content is
 * a new version of the same document, and unique across collections (chunk ids are built from it).
 */
@Service
class UploadService {

  private final CollectionRegistry collections;
  private final JobStore jobs;
  private final ContentTypes contentTypes;
  private final UploadWorker worker;
  private final IngestWorkers workers;
  private final IngestMetrics metrics;
  private final IngestProperties properties;
  private final ArchiveLimits archiveLimits;

  UploadService(
      CollectionRegistry collections,
      JobStore jobs,
      ContentTypes contentTypes,
      UploadWorker worker,
      IngestWorkers workers,
      IngestMetrics metrics,
      IngestProperties properties,
      ArchiveLimits archiveLimits) {
    this.collections = collections;
    this.jobs = jobs;
    this.contentTypes = contentTypes;
    this.worker = worker;
    this.workers = workers;
    this.metrics = metrics;
    this.properties = properties;
    this.archiveLimits = archiveLimits;
  }

  JobAccepted accept(
      String collection, List<MultipartFile> files, String documentId, UploadMetadata metadata) {
    CollectionRegistry.validName(collection);
    if (files.isEmpty()) {
      throw ApiException.invalid("files", "at least one file part is required");
    }
    if (documentId != null && files.size() > 1) {
      throw ApiException.invalid("documentId", "may only be given with a single file");
    }
    String jobId = "job-" + UUID.randomUUID();
    Path dir = properties.stagingDir().resolve(jobId);
    List<JobItem> items = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      var ids = new HashSet<String>();
      for (int i = 0; i < files.size(); i++) {
        JobItem item = stage(collection, files.get(i), i, dir, documentId, metadata);
        if (!ids.add(item.documentId())) {
          throw ApiException.invalid(
              "files", "two files map to document id '" + item.documentId() + "'");
        }
        items.add(item);
      }
      metadata.requireFiles(items.stream().map(JobItem::fileName).collect(Collectors.toSet()));
      collections.ensure(collection);
      jobs.create(jobId, collection, JobStore.UPLOAD, items);
    } catch (IOException e) {
      deleteQuietly(dir);
      throw new UncheckedIOException("cannot stage the upload in " + dir, e);
    } catch (RuntimeException e) {
      deleteQuietly(dir);
      if (e instanceof ApiException api && api.type() != ProblemType.VALIDATION) {
        metrics.failure(api.type().slug());
      }
      throw e;
    }
    for (JobItem item : items) {
      workers.submit(() -> worker.run(jobId, item.item()));
    }
    return new JobAccepted(
        jobId,
        collection,
        "/v1/ingest-jobs/" + jobId,
        items.stream()
            .map(i -> new JobAccepted.Document(i.documentId(), i.fileName(), i.contentType()))
            .toList());
  }

  private JobItem stage(
      String collection,
      MultipartFile file,
      int index,
      Path dir,
      String documentId,
      UploadMetadata metadata)
      throws IOException {
    String name = fileName(file, index);
    Map<String, String> fileMetadata = metadata.forFile(name);
    if (file.isEmpty()) {
      throw new ApiException(ProblemType.UNPROCESSABLE_CONTENT, "file '" + name + "' is empty")
          .with("file", name);
    }
    if (file.getSize() > properties.maxUploadSize().toBytes()) {
      throw new ApiException(
              ProblemType.PAYLOAD_TOO_LARGE,
              "file '"
                  + name
                  + "' has "
                  + file.getSize()
                  + " bytes; the limit is "
                  + properties.maxUploadSize())
          .with("file", name)
          .with("limit", properties.maxUploadSize().toBytes());
    }
    Path staged = dir.resolve(index + "-" + name.replaceAll("[^A-Za-z0-9._-]", "_"));
    file.transferTo(staged);
    DocumentContent.File content = new DocumentContent.File(staged);
    if (ArchiveLimits.looksLikeZip(content)) {
      try {
        archiveLimits.enforceEntryCount(content);
      } catch (UnparseableDocumentException e) {
        throw new ApiException(
                ProblemType.UNPROCESSABLE_CONTENT, "file '" + name + "': " + e.getMessage())
            .with("file", name);
      }
    }
    String detected = contentTypes.detect(content, name);
    String type = ContentTypes.canonical(detected);
    if (type == null) {
      throw new ApiException(
              ProblemType.UNSUPPORTED_MEDIA_TYPE,
              "file '"
                  + name
                  + "' is "
                  + detected
                  + "; supported: "
                  + ContentTypes.SUPPORTED.stream().sorted().toList())
          .with("file", name)
          .with("contentType", detected);
    }
    if (ContentTypes.isText(type)) {
      try (InputStream in = Files.newInputStream(staged)) {
        StrictUtf8.check(in, StandardCharsets.UTF_8);
      } catch (UnparseableDocumentException e) {
        throw new ApiException(
                ProblemType.UNPROCESSABLE_CONTENT, "file '" + name + "' is " + e.getMessage())
            .with("file", name);
      }
    }
    String id = documentId != null ? validDocumentId(documentId) : collection + ":" + name;
    return JobItem.pending(index, id, JobItem.UPSERT, name, type, staged.toString(), null)
        .withMetadata(fileMetadata);
  }

  /** The client's file name without any directory part; a placeholder when it sent none. */
  private static String fileName(MultipartFile file, int index) {
    String original = file.getOriginalFilename();
    if (original == null || original.isBlank()) {
      return "file-" + (index + 1);
    }
    String name =
        original.substring(Math.max(original.lastIndexOf('/'), original.lastIndexOf('\\')) + 1);
    if (name.isBlank() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.invalid(
          "files", "file name '" + original + "' must be 1-200 printable characters");
    }
    return name;
  }

  private static String validDocumentId(String id) {
    if (id.isBlank() || id.length() > 256 || id.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.invalid("documentId", "must be 1-256 printable characters");
    }
    return id;
  }

  static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      dir.toFile().deleteOnExit();
    }
  }
}
