package dev.rag.eval.beir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusReaderTest {

  @Test
  void readsEveryDocumentOfAPlainCorpusInFileOrder() throws Exception {
    List<CorpusDocument> documents = new ArrayList<>();
    CorpusReader.read(Fixtures.resource("tiny/corpus.jsonl"), documents::add);
    assertThat(documents).extracting(CorpusDocument::id).containsExactly("d1", "d2", "d3", "4");
    assertThat(documents.getFirst().title()).isEqualTo("Aspirin and headaches");
    assertThat(documents.getFirst().ingestText())
        .isEqualTo("Aspirin and headaches\n\nAspirin relieves tension headaches in most adults.");
    assertThat(documents.get(1).ingestText())
        .isEqualTo("Caffeine improves alertness but not memory.");
  }

  @Test
  void gzipCorpusReadsTheSameAndHasTheSameFingerprint() throws Exception {
    Path plain = Fixtures.resource("tiny/corpus.jsonl");
    List<CorpusDocument> fromPlain = new ArrayList<>();
    List<CorpusDocument> fromGzip = new ArrayList<>();
    String plainDigest = CorpusReader.read(plain, fromPlain::add);
    String gzipDigest = CorpusReader.read(Fixtures.resource("tiny-corpus.jsonl.gz"), fromGzip::add);

    assertThat(fromGzip).isEqualTo(fromPlain);
    assertThat(gzipDigest)
        .isEqualTo(plainDigest)
        .isEqualTo(
            HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(plain))));
  }

  @Test
  void rejectsDuplicateIdsNamingTheLine(@TempDir Path dir) throws Exception {
    Path corpus = dir.resolve("corpus.jsonl");
    Files.writeString(corpus, "{\"_id\":\"a\",\"text\":\"x\"}\n{\"_id\":\"a\",\"text\":\"y\"}\n");
    assertThatThrownBy(() -> CorpusReader.read(corpus, d -> {}))
        .isInstanceOf(BeirFormatException.class)
        .hasMessageContaining("corpus.jsonl:2: duplicate document id 'a'");
  }

  @Test
  void rejectsBrokenJsonAndMissingIdsNamingTheLine(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.jsonl");
    Files.writeString(broken, "{\"_id\":\"a\",\"text\":\"x\"}\n{\"_id\": \n");
    assertThatThrownBy(() -> CorpusReader.read(broken, d -> {}))
        .isInstanceOf(BeirFormatException.class)
        .hasMessageContaining("broken.jsonl:2: not JSON");
    Path noId = dir.resolve("noid.jsonl");
    Files.writeString(noId, "{\"title\":\"t\",\"text\":\"x\"}\n");
    assertThatThrownBy(() -> CorpusReader.read(noId, d -> {}))
        .isInstanceOf(BeirFormatException.class)
        .hasMessageContaining("noid.jsonl:1: missing or empty \"_id\"");
  }
}
