package dev.rag.eval.beir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Streams {@code corpus.jsonl} (plain or gzip), so a corpus of millions of documents never has to
 * fit in memory. Duplicate ids are an error: the platform would keep one document where the corpus
 * has two, and waiting for all of them to be indexed would never end.
 */
public final class CorpusReader {

  private CorpusReader() {}

  /**
   * Calls {@code action} for every document in file order and returns the SHA-256 (hex) of the
   * uncompressed content, so a plain and a gzip copy of one corpus have the same fingerprint
   * (PROVENANCE files publish this digest).
   */
  public static String read(Path corpus, Consumer<CorpusDocument> action) throws IOException {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
    Set<String> ids = new HashSet<>();
    try (InputStream in = new DigestInputStream(JsonLines.open(corpus), sha256)) {
      JsonLines.read(
          corpus,
          in,
          (node, line) -> {
            String id = JsonLines.id(corpus, line, node);
            if (!ids.add(id)) {
              throw new BeirFormatException(corpus, line, "duplicate document id '" + id + "'");
            }
            action.accept(
                new CorpusDocument(
                    id, JsonLines.text(node, "title"), JsonLines.text(node, "text")));
          });
    }
    return HexFormat.of().formatHex(sha256.digest());
  }
}
