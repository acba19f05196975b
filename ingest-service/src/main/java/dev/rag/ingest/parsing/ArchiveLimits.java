package dev.rag.ingest.parsing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Bounds on zip containers (DOCX, and any other zip handed to Tika), checked before the parser
 * opens one. Deflate packs a run of repeated text about 1000:1, so a 300 KB DOCX can hold 300 MB of
 * XML; the parser would build all of it in memory before a single character reached the {@code
 * rag.ingest.max-extracted-chars} check. So every entry is inflated here first, into a counter and
 * nothing else, and the scan stops at the first byte over the limit: the cost is bounded by the
 * limit, never by what the archive claims.
 *
 * <p>A file is read through its central directory (as the parser opens files) and bytes in memory
 * by their local headers (as the parser streams them), so the entries counted are the ones the
 * parser will read. An archive this JDK's zip reader cannot read to its end (an unsupported
 * compression method, a broken directory) is refused as corrupt: what cannot be measured is not
 * handed on.
 *
 * @param maxEntries most entries in one archive (default {@value #DEFAULT_MAX_ENTRIES}; a DOCX has
 *     a few dozen)
 * @param maxDecompressedBytes most bytes all entries of one archive may expand to together (default
 *     200 MiB, {@link #DEFAULT_MAX_DECOMPRESSED_BYTES})
 */
public record ArchiveLimits(int maxEntries, long maxDecompressedBytes) {

  public static final int DEFAULT_MAX_ENTRIES = 10_000;
  public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 200L * 1024 * 1024;
  public static final ArchiveLimits DEFAULTS =
      new ArchiveLimits(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_DECOMPRESSED_BYTES);

  /** The setting each limit is configured by, named in the reason a document fails with. */
  static final String ENTRIES_SETTING = "rag.ingest.max-archive-entries";

  static final String SIZE_SETTING = "rag.ingest.max-decompressed-size";

  private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};

  public ArchiveLimits {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be >= 1, was " + maxEntries);
    }
    if (maxDecompressedBytes < 1) {
      throw new IllegalArgumentException(
          "maxDecompressedBytes must be >= 1, was " + maxDecompressedBytes);
    }
  }

  /** Whether {@code content} starts like a zip archive (a local file header). */
  public static boolean looksLikeZip(DocumentContent content) throws IOException {
    try (InputStream in = content.open()) {
      byte[] head = in.readNBytes(LOCAL_HEADER.length);
      return java.util.Arrays.equals(head, LOCAL_HEADER);
    }
  }

  /**
   * Counts the entries of a staged zip archive from its central directory, inflating nothing. Cheap
   * enough to run on the request thread before type detection, which would otherwise load every
   * entry of an archive of a million tiny files as an object.
   *
   * @throws UnparseableDocumentException {@code TOO_LARGE} over {@link #maxEntries}, {@code
   *     CORRUPT} when there is no readable central directory
   */
  public void enforceEntryCount(DocumentContent.File file) {
    try (ZipFile zip = new ZipFile(file.path().toFile())) {
      if (zip.size() > maxEntries) {
        throw tooManyEntries();
      }
    } catch (IOException e) {
      throw new UnparseableDocumentException(
          UnparseableDocumentException.Kind.CORRUPT,
          "not a readable zip container" + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          e);
    }
  }

  /**
   * Reads every entry of the archive to its end, counting.
   *
   * @throws UnparseableDocumentException {@code TOO_LARGE} naming the limit that was passed, or
   *     {@code CORRUPT} when the archive cannot be read to its end
   */
  void enforce(DocumentContent content) {
    try {
      if (content instanceof DocumentContent.File file) {
        scanDirectory(file);
      } else {
        scanStream(content);
      }
    } catch (IOException e) {
      // The bytes are already on local disk or in memory: failing to read them is their format.
      throw new UnparseableDocumentException(
          UnparseableDocumentException.Kind.CORRUPT,
          "not a readable zip container" + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          e);
    }
  }

  private void scanDirectory(DocumentContent.File file) throws IOException {
    try (ZipFile zip = new ZipFile(file.path().toFile())) {
      if (zip.size() > maxEntries) {
        throw tooManyEntries();
      }
      long total = 0;
      for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
        ZipEntry entry = entries.nextElement();
        if (entry.getSize() > maxDecompressedBytes - total) {
          throw tooLarge(); // the directory admits it: no need to inflate anything
        }
        try (InputStream in = zip.getInputStream(entry)) {
          total = count(in, total);
        }
      }
    }
  }

  private void scanStream(DocumentContent content) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(content.open())) {
      int entries = 0;
      long total = 0;
      while (zip.getNextEntry() != null) {
        if (++entries > maxEntries) {
          throw tooManyEntries();
        }
        total = count(zip, total);
      }
    }
  }

  /** Adds the bytes of {@code in} to {@code total}, giving up at the first byte over the limit. */
  private long count(InputStream in, long total) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = in.read(buffer)) > 0; ) {
      total += n;
      if (total > maxDecompressedBytes) {
        throw tooLarge();
      }
    }
    return total;
  }

  private UnparseableDocumentException tooManyEntries() {
    return new UnparseableDocumentException(
        UnparseableDocumentException.Kind.TOO_LARGE,
        "the archive holds more than " + maxEntries + " entries (" + ENTRIES_SETTING + ")");
  }

  private UnparseableDocumentException tooLarge() {
    return new UnparseableDocumentException(
        UnparseableDocumentException.Kind.TOO_LARGE,
        "the archive expands to more than "
            + size(maxDecompressedBytes)
            + " ("
            + SIZE_SETTING
            + ")");
  }

  /** {@code 200MB} for whole mebibytes (as the setting is written), else bytes. */
  private static String size(long bytes) {
    long mib = 1024 * 1024;
    return bytes % mib == 0 ? bytes / mib + "MB" : bytes + " bytes";
  }
}
