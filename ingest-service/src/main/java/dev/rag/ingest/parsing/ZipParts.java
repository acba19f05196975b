package dev.rag.ingest.parsing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Random access to the parts of a zip container we read ourselves (slides, ODS sheet names), only
 * after {@link ArchiveLimits} has measured it. Bytes from a Kafka record are written to a temporary
 * file first, so both sources are read through the central directory, as the limits were checked.
 */
final class ZipParts implements Closeable {

  private final ZipFile zip;
  private final Path temporary;

  private ZipParts(ZipFile zip, Path temporary) {
    this.zip = zip;
    this.temporary = temporary;
  }

  static ZipParts open(DocumentContent content) throws IOException {
    if (content instanceof DocumentContent.File file) {
      return new ZipParts(new ZipFile(file.path().toFile()), null);
    }
    Path temporary = Files.createTempFile("rag-ingest-", ".zip");
    try {
      try (InputStream in = content.open()) {
        Files.copy(in, temporary, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      return new ZipParts(new ZipFile(temporary.toFile()), temporary);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
  }

  /** The part's bytes as a stream, or null when the container has no such part. */
  InputStream part(String name) throws IOException {
    ZipEntry entry = zip.getEntry(name);
    return entry == null ? null : zip.getInputStream(entry);
  }

  @Override
  public void close() throws IOException {
    try {
      zip.close();
    } finally {
      if (temporary != null) {
        Files.deleteIfExists(temporary);
      }
    }
  }
}
