package dev.rag.retrieval.index.lucene;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.contracts.events.Chunk;
import dev.rag.contracts.events.ChunkId;
import dev.rag.retrieval.index.IndexBatch;
import dev.rag.retrieval.index.IndexOp;
import dev.rag.retrieval.index.IndexedChunk;
import dev.rag.retrieval.index.LexicalHit;
import dev.rag.retrieval.index.TestChunks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * BM25 statistics are per collection: a collection's scores, bit for bit, do not depend on what
 * other collections hold, and they follow the collection's own deletes and replacements. Real
 * on-disk indexes under {@code target/}, one per scenario, compared with each other.
 */
class LuceneChunkIndexTest {

  private static final String A = "tenant-a";
  private static final String B = "tenant-b";
  private static final List<String> WORDS =
      List.of(
          "hotel",
          "train",
          "reimbursement",
          "policy",
          "travel",
          "meal",
          "receipt",
          "flight",
          "taxi",
          "expense",
          "approval",
          "manager",
          "invoice",
          "mileage");
  private static final String QUERY = "hotel train reimbursement receipts";

  private final TestChunks vectors = new TestChunks(11L);
  private final List<LuceneChunkIndex> opened = new ArrayList<>();

  @AfterEach
  void closeIndexes() {
    opened.forEach(LuceneChunkIndex::close);
  }

  @Test
  void scoresInACollectionDoNotDependOnAnotherCollectionsDocuments() {
    List<IndexedChunk> a = documents(A, "a", 12, 1L);
    LuceneChunkIndex alone = index(a);
    // B before, between and after A's chunks, in separate commits and in A's own batch, all
    // full of the query's terms: it would raise their document frequencies and the average length.
    List<IndexedChunk> b = documents(B, "b", 300, 2L);
    LuceneChunkIndex crowded = index(b.subList(0, 100));
    apply(crowded, concat(a.subList(0, 6), b.subList(100, 200)));
    apply(crowded, concat(a.subList(6, 12), b.subList(200, 300)));

    List<LexicalHit> expected = alone.bm25(QUERY, Set.of(A), Map.of(), 100);
    assertThat(expected).hasSize(12);
    assertThat(crowded.bm25(QUERY, Set.of(A), Map.of(), 100)).isEqualTo(expected);
  }

  @Test
  void aTermOnlyInAnotherCollectionGivesNoEvidence() {
    List<IndexedChunk> a = documents(A, "a", 10, 1L);
    List<IndexedChunk> b = documents(B, "b", 50, 2L);
    List<IndexedChunk> bWithZebras =
        b.stream()
            .map(chunk -> withText(chunk, chunk.chunk().text() + " zebra zebras zebra"))
            .toList();
    LuceneChunkIndex without = index(concat(a, b));
    LuceneChunkIndex with = index(concat(a, bWithZebras));

    List<LexicalHit> expected = without.bm25("hotel zebra", Set.of(A), Map.of(), 100);
    assertThat(with.bm25("hotel zebra", Set.of(A), Map.of(), 100))
        .isEqualTo(expected)
        .isEqualTo(with.bm25("hotel", Set.of(A), Map.of(), 100));
    assertThat(with.bm25("zebra", Set.of(A), Map.of(), 100)).isEmpty();
    assertThat(with.bm25("zebra", Set.of(B), Map.of(), 100)).hasSize(50);
  }

  @Test
  void searchesOverSeveralCollectionsReturnChunksOfEachWithTheirOwnScores() {
    LuceneChunkIndex index = index(concat(documents(A, "a", 10, 1L), documents(B, "b", 10, 2L)));

    List<LexicalHit> both = index.bm25(QUERY, Set.of(A, B), Map.of(), 100);

    assertThat(both).extracting(LexicalHit::collection).contains(A, B).hasSize(20);
    assertThat(scores(both, A)).isEqualTo(scores(index.bm25(QUERY, Set.of(A), Map.of(), 100), A));
    assertThat(scores(both, B)).isEqualTo(scores(index.bm25(QUERY, Set.of(B), Map.of(), 100), B));
    assertThat(index.bm25(QUERY, Set.of(A, B), Map.of("team", "sales"), 100))
        .isNotEmpty()
        .allSatisfy(
            hit ->
                assertThat(index.get(hit.collection(), hit.chunkId()).orElseThrow().metadata())
                    .containsEntry("team", "sales"));
  }

  @Test
  void deletesAndReplacementsUpdateTheCollectionsStatistics() throws IOException {
    List<IndexedChunk> a = documents(A, "a", 10, 1L);
    List<IndexedChunk> b = documents(B, "b", 40, 2L);
    LuceneChunkIndex index = index(concat(a, b));
    Map<ChunkId, Float> before = scores(index.bm25(QUERY, Set.of(A), Map.of(), 100), A);

    // a0 deleted; a1 replaced by a shorter version 2 (upsert, then older versions dropped).
    IndexedChunk a1v2 =
        new IndexedChunk(
            A,
            new ChunkId("a1", 2, 0),
            "job",
            1,
            chunkOf("hotel hotel train"),
            TestChunks.MODEL,
            vectors.vector());
    index.apply(
        IndexBatch.of(
            new IndexOp.DeleteDocument(A, "a0", 1, 1),
            new IndexOp.Upsert(a1v2, false),
            new IndexOp.DeleteOlderVersions(A, "a1", 2)));
    assertThat(hasDeletions(index)).as("the deleted chunks are still in their segment").isTrue();

    List<IndexedChunk> remaining = concat(a.subList(2, 10), List.of(a1v2));
    LuceneChunkIndex fresh = index(concat(remaining, b));
    Map<ChunkId, Float> after = scores(index.bm25(QUERY, Set.of(A), Map.of(), 100), A);
    assertThat(after)
        .isEqualTo(scores(fresh.bm25(QUERY, Set.of(A), Map.of(), 100), A))
        .doesNotContainKey(new ChunkId("a0", 1, 0));
    assertThat(after.get(a.get(5).id())).isNotEqualTo(before.get(a.get(5).id()));

    // Deleting the whole collection leaves nothing to match, and B untouched.
    List<IndexOp> deleteAll = new ArrayList<>();
    remaining.forEach(
        chunk -> deleteAll.add(new IndexOp.DeleteDocument(A, chunk.documentId(), 2, 2)));
    index.apply(new IndexBatch(deleteAll, Map.of(), Map.of()));
    assertThat(index.bm25(QUERY, Set.of(A), Map.of(), 100)).isEmpty();
    assertThat(index.bm25(QUERY, Set.of(B), Map.of(), 100))
        .isEqualTo(fresh.bm25(QUERY, Set.of(B), Map.of(), 100));
  }

  @Test
  void listsADocumentsNewestChunksInReadingOrderAndNothingOnceDeleted() {
    List<IndexedChunk> v1 = new ArrayList<>();
    List<IndexedChunk> v2 = new ArrayList<>();
    for (int ordinal = 4; ordinal >= 0; ordinal--) {
      v1.add(vectors.indexed(A, "doc", 1, ordinal, Map.of()));
      v2.add(vectors.indexed(A, "doc", 2, ordinal, Map.of()));
    }
    LuceneChunkIndex index = index(concat(v1, List.of(vectors.indexed(B, "doc", 1, 0, Map.of()))));
    apply(index, v2.subList(2, 5)); // version 2 has three chunks: ordinals 2, 1, 0

    var first = index.documentChunks(A, "doc", 0, 2);
    assertThat(first.version()).isEqualTo(2);
    assertThat(first.total()).isEqualTo(3);
    assertThat(first.chunks()).extracting(c -> c.id().ordinal()).containsExactly(0, 1);
    assertThat(first.chunks().getFirst().text())
        .contains(TestChunks.uniqueWord("doc", 2, 0))
        .isEqualTo(TestChunks.chunk("doc", 2, 0, Map.of()).text());
    assertThat(first.chunks().getFirst().sectionPath()).containsExactly("Policies", "Travel");
    assertThat(index.documentChunks(A, "doc", 1, 2).chunks())
        .extracting(c -> c.id().ordinal())
        .containsExactly(2);
    assertThat(index.documentChunks(A, "doc", 5, 2).chunks()).isEmpty();
    assertThat(index.documentChunks(A, "other", 0, 10).version()).isNull();

    index.apply(IndexBatch.of(new IndexOp.DeleteDocument(A, "doc", 2, 2)));
    assertThat(index.documentChunks(A, "doc", 0, 10).total()).isZero();
    assertThat(index.documentChunks(B, "doc", 0, 10).total()).isEqualTo(1);
  }

  /**
   * BM25 sees a chunk under its document's title, as the embedding model does: the second half of
   * an abstract is found by the subject only its title names, yet the chunk's text stays its own. A
   * chunk that already begins with the title is not given it twice.
   */
  @Test
  void aChunkIsFoundByItsDocumentsTitleAndKeepsItsOwnText() {
    List<IndexedChunk> chunks = documents(A, "filler", 30, 5L);
    IndexedChunk second =
        titled(chunks.get(0), "Zebra migration", "The herds crossed the river in August.");
    LuceneChunkIndex index = index(concat(chunks.subList(1, 30), List.of(second)));

    assertThat(index.bm25("zebra", Set.of(A), Map.of(), 10))
        .extracting(LexicalHit::chunkId)
        .containsExactly(second.id());
    assertThat(index.documentChunks(A, second.id().documentId(), 0, 1).chunks().getFirst().text())
        .isEqualTo("The herds crossed the river in August.");

    String opening = "Zebra migration\n\nWe followed zebra herds for a year.";
    LuceneChunkIndex withTitle = index(List.of(titled(chunks.get(0), "Zebra migration", opening)));
    LuceneChunkIndex withoutTitle = index(List.of(titled(chunks.get(0), null, opening)));
    assertThat(withTitle.bm25("zebra migration", Set.of(A), Map.of(), 10))
        .isEqualTo(withoutTitle.bm25("zebra migration", Set.of(A), Map.of(), 10));
  }

  private static IndexedChunk titled(IndexedChunk chunk, String title, String text) {
    Chunk c = chunk.chunk();
    return new IndexedChunk(
        chunk.collection(),
        chunk.id(),
        chunk.jobId(),
        chunk.chunkCount(),
        new Chunk(
            text,
            title,
            c.sourceUri(),
            c.sectionPath(),
            c.page(),
            0,
            text.length(),
            c.tokenCount(),
            c.metadata()),
        chunk.modelId(),
        chunk.vector());
  }

  /** Seeded chunks of one version each, texts drawn from a small vocabulary. */
  private List<IndexedChunk> documents(String collection, String prefix, int count, long seed) {
    Random random = new Random(seed);
    List<IndexedChunk> chunks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder text = new StringBuilder("The");
      int length = 4 + random.nextInt(30);
      for (int w = 0; w < length; w++) {
        text.append(' ').append(WORDS.get(random.nextInt(WORDS.size())));
      }
      text.append(" hotel.");
      Chunk chunk =
          new Chunk(
              text.toString(),
              "Title " + i,
              "https://intranet/" + prefix + i,
              List.of("Travel"),
              null,
              0,
              text.length(),
              length,
              Map.of("team", i % 2 == 0 ? "sales" : "ops"));
      chunks.add(
          new IndexedChunk(
              collection,
              new ChunkId(prefix + i, 1, 0),
              "job",
              1,
              chunk,
              TestChunks.MODEL,
              vectors.vector()));
    }
    return chunks;
  }

  private static Chunk chunkOf(String text) {
    return new Chunk(
        text, "Title", "https://intranet/x", List.of(), null, 0, text.length(), 3, Map.of());
  }

  private static IndexedChunk withText(IndexedChunk chunk, String text) {
    return titled(chunk, chunk.chunk().title(), text);
  }

  private LuceneChunkIndex index(List<IndexedChunk> chunks) {
    LuceneChunkIndex index =
        new LuceneChunkIndex(Path.of("target", "test-indexes", "bm25-" + UUID.randomUUID()), true);
    opened.add(index);
    apply(index, chunks);
    return index;
  }

  private static void apply(LuceneChunkIndex index, List<IndexedChunk> chunks) {
    List<IndexOp> ops =
        chunks.stream().<IndexOp>map(chunk -> new IndexOp.Upsert(chunk, false)).toList();
    index.apply(new IndexBatch(ops, Map.of(), Map.of()));
  }

  private static Map<ChunkId, Float> scores(List<LexicalHit> hits, String collection) {
    Map<ChunkId, Float> scores = new TreeMap<>(java.util.Comparator.comparing(ChunkId::toString));
    hits.stream()
        .filter(hit -> hit.collection().equals(collection))
        .forEach(hit -> scores.put(hit.chunkId(), hit.score()));
    return scores;
  }

  private static boolean hasDeletions(LuceneChunkIndex index) throws IOException {
    try (FSDirectory directory = FSDirectory.open(index.dir());
        DirectoryReader reader = DirectoryReader.open(directory)) {
      return reader.hasDeletions();
    }
  }

  @SafeVarargs
  private static <T> List<T> concat(List<T>... lists) {
    List<T> all = new ArrayList<>();
    for (List<T> list : lists) {
      all.addAll(list);
    }
    return all;
  }
}
