package dev.rag.retrieval.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.rag.contracts.events.ChunkId;
import dev.rag.contracts.events.EmbeddedChunkEvent;
import dev.rag.contracts.events.IndexEvent;
import dev.rag.contracts.events.SchemaVersions;
import dev.rag.retrieval.index.CollectionState;
import dev.rag.retrieval.index.IndexBatch;
import dev.rag.retrieval.index.LexicalHit;
import dev.rag.retrieval.index.StoredChunk;
import dev.rag.retrieval.index.TestChunks;
import dev.rag.retrieval.index.lucene.LuceneChunkIndex;
import dev.rag.retrieval.index.lucene.LuceneDenseStore;
import dev.rag.retrieval.index.pgvector.PgVectorConfiguration;
import dev.rag.retrieval.index.pgvector.PgVectorStore;
import dev.rag.testing.Infrastructure;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The indexer's decisions against a real on-disk Lucene index (Lucene as dense store): exactly
 * once, version replacement, deletes that stay deleted, replay from the start, vector spaces, and
 * offsets that survive a reopen.
 */
class ChunkIndexerTest {

  private static final String TOPIC = "indexer-test";

  private final TestChunks chunks = new TestChunks(7L);
  private final String collection = "indexer-" + UUID.randomUUID();
  private Path dir;
  private LuceneChunkIndex index;
  private ChunkIndexer indexer;
  private long offset;

  @BeforeEach
  void open() {
    dir = Path.of("target", "test-indexes", "indexer-" + UUID.randomUUID());
    reopen();
  }

  @AfterEach
  void close() {
    index.close();
  }

  private void reopen() {
    index = new LuceneChunkIndex(dir, true);
    indexer = new ChunkIndexer(index, new LuceneDenseStore(index), Clock.systemUTC());
  }

  /** Applies events as one batch on partition 0, advancing the offset like a consumer. */
  private ChunkIndexer.Result batch(List<? extends EmbeddedChunkEvent> events) {
    offset += events.size();
    return indexer.apply(List.copyOf(events), Map.of(new TopicPartition(TOPIC, 0), offset));
  }

  @Test
  void indexesEachChunkOnceWithItsStoredFields() {
    List<EmbeddedChunkEvent.Upsert> doc =
        chunks.document("job-1", collection, "handbook", 1, 3, Map.of("owner", "hr"));
    ChunkIndexer.Result result = batch(doc);

    assertThat(result.newChunks()).isEqualTo(3);
    assertThat(index.count(collection)).isEqualTo(3);
    StoredChunk stored = index.get(collection, new ChunkId("handbook", 1, 2)).orElseThrow();
    var original = doc.get(2).chunk();
    assertThat(stored.text()).isEqualTo(original.text());
    assertThat(stored.title()).isEqualTo(original.title());
    assertThat(stored.sourceUri()).isEqualTo(original.sourceUri());
    assertThat(stored.sectionPath()).containsExactly("Policies", "Travel");
    assertThat(stored.page()).isEqualTo(3);
    assertThat(stored.startOffset()).isEqualTo(original.startOffset());
    assertThat(stored.endOffset()).isEqualTo(original.endOffset());
    assertThat(stored.metadata()).isEqualTo(Map.of("owner", "hr"));
    assertThat(stored.modelId()).isEqualTo(TestChunks.MODEL);
    assertThat(stored.jobId()).isEqualTo("job-1");
    assertThat(stored.chunkCount()).isEqualTo(3);
    assertThat(
            index.bm25(TestChunks.uniqueWord("handbook", 1, 2), Set.of(collection), Map.of(), 10))
        .extracting(LexicalHit::chunkId)
        .containsExactly(new ChunkId("handbook", 1, 2));
    assertThat(result.events())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.kind()).isEqualTo(IndexEvent.Kind.INDEXED);
              assertThat(event.chunks()).isEqualTo(3);
              assertThat(event.jobId()).isEqualTo("job-1");
              assertThat(event.indexEpoch()).isEqualTo(1);
              assertThat(event.indexedTotal()).isEqualTo(3);
              assertThat(event.chunkCount()).isEqualTo(3);
            });
  }

  @Test
  void indexEventsStateTheVersionsTotalAcrossBatches() {
    List<EmbeddedChunkEvent.Upsert> doc = chunks.document("job", collection, "t", 1, 5, Map.of());
    IndexEvent first = batch(doc.subList(0, 2)).events().getFirst();
    IndexEvent second = batch(doc.subList(2, 5)).events().getFirst();
    assertThat(first.chunks()).isEqualTo(2);
    assertThat(first.indexedTotal()).isEqualTo(2);
    assertThat(second.chunks()).isEqualTo(3);
    assertThat(second.indexedTotal()).isEqualTo(5);
    assertThat(second.chunkCount()).isEqualTo(5);
  }

  @Test
  void bm25StemsEnglishAndFiltersByCollectionAndMetadata() {
    batch(chunks.document("job", collection, "a", 1, 2, Map.of("lang", "en")));
    batch(chunks.document("job", collection + "-other", "b", 1, 2, Map.of("lang", "en")));
    // "reimbursement" matches "reimbursements" through the English stemmer.
    assertThat(index.bm25("reimbursement", Set.of(collection), Map.of(), 10))
        .hasSize(2)
        .allSatisfy(hit -> assertThat(hit.collection()).isEqualTo(collection));
    assertThat(index.bm25("reimbursement", Set.of(collection), Map.of("lang", "de"), 10)).isEmpty();
    assertThat(index.bm25("the and of", Set.of(collection), Map.of(), 10)).isEmpty();
  }

  @Test
  void redeliveryChangesNothingAndReportsNothingNew() {
    List<EmbeddedChunkEvent.Upsert> doc = chunks.document("job", collection, "d", 1, 4, Map.of());
    batch(doc);
    long epoch = index.collections().get(collection).epoch();
    ChunkIndexer.Result again = batch(doc);
    assertThat(again.newChunks()).isZero();
    assertThat(again.events()).isEmpty();
    assertThat(index.count(collection)).isEqualTo(4);
    assertThat(index.collections().get(collection).epoch()).isEqualTo(epoch);
  }

  @Test
  void sameContentFromAnotherJobIsAcknowledgedToThatJobWithoutDuplicates() {
    batch(chunks.document("job-a", collection, "d", 1, 3, Map.of()));
    long epoch = index.collections().get(collection).epoch();

    ChunkIndexer.Result again = batch(chunks.document("job-b", collection, "d", 1, 3, Map.of()));

    assertThat(again.newChunks()).isZero();
    assertThat(again.events())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.jobId()).isEqualTo("job-b");
              assertThat(event.kind()).isEqualTo(IndexEvent.Kind.INDEXED);
              assertThat(event.chunks()).isEqualTo(3);
            });
    assertThat(index.count(collection)).isEqualTo(3);
    assertThat(index.collections().get(collection).epoch()).isEqualTo(epoch);
  }

  @Test
  void newVersionReplacesTheOldAndOlderVersionsAreStale() {
    List<EmbeddedChunkEvent.Upsert> first =
        chunks.document("job-1", collection, "d", 1, 5, Map.of());
    List<EmbeddedChunkEvent.Upsert> second =
        chunks.document("job-2", collection, "d", 2, 3, Map.of());
    batch(first);
    ChunkIndexer.Result replaced = batch(second);
    assertThat(versions()).containsOnly(2L);
    assertThat(index.count(collection)).isEqualTo(3);
    assertThat(replaced.events())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.version()).isEqualTo(2);
              assertThat(event.chunks()).isEqualTo(3);
              assertThat(event.indexEpoch()).isEqualTo(2);
            });
    ChunkIndexer.Result stale = batch(first);
    assertThat(stale.staleChunks()).isEqualTo(5);
    assertThat(versions()).containsOnly(2L);
  }

  @Test
  void versionsReplaceEachOtherWithinOneBatch() {
    List<EmbeddedChunkEvent> mixed =
        new ArrayList<>(chunks.document("job", collection, "d", 1, 4, Map.of()));
    mixed.addAll(chunks.document("job", collection, "d", 2, 2, Map.of()));
    mixed.addAll(chunks.document("job", collection, "d", 1, 4, Map.of()));
    ChunkIndexer.Result result = batch(mixed);
    assertThat(index.count(collection)).isEqualTo(2);
    assertThat(versions()).containsOnly(2L);
    assertThat(result.staleChunks()).isEqualTo(4);
  }

  @Test
  void deleteRemovesTheDocumentAndKeepsItDeletedOnReplay() {
    List<EmbeddedChunkEvent.Upsert> doc = chunks.document("job", collection, "d", 1, 3, Map.of());
    batch(doc);
    ChunkIndexer.Result deleted = batch(List.of(TestChunks.delete("job-del", collection, "d", 1)));
    assertThat(index.count(collection)).isZero();
    assertThat(deleted.events())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.kind()).isEqualTo(IndexEvent.Kind.DELETED);
              assertThat(event.indexEpoch()).isEqualTo(2);
            });
    assertThat(batch(doc).staleChunks()).isEqualTo(3);
    assertThat(batch(List.of(TestChunks.delete("job-del", collection, "d", 1))).events()).isEmpty();
    assertThat(index.count(collection)).isZero();
    // A newer version after the delete is a new life of the document.
    batch(chunks.document("job", collection, "d", 2, 2, Map.of()));
    assertThat(index.count(collection)).isEqualTo(2);
  }

  @Test
  void replayingEverythingFromTheStartChangesNothing() {
    List<List<EmbeddedChunkEvent>> history =
        List.of(
            List.copyOf(chunks.document("j1", collection, "a", 1, 4, Map.of())),
            List.copyOf(chunks.document("j2", collection, "b", 1, 3, Map.of())),
            List.copyOf(chunks.document("j3", collection, "a", 2, 2, Map.of())),
            List.of(TestChunks.delete("j4", collection, "b", 1)),
            List.copyOf(chunks.document("j5", collection, "c", 1, 5, Map.of())));
    history.forEach(this::batch);
    Set<ChunkId> before = new HashSet<>(index.chunkIds(collection));
    long epoch = index.collections().get(collection).epoch();

    List<IndexEvent> replayEvents = new ArrayList<>();
    history.forEach(events -> replayEvents.addAll(batch(events).events()));

    assertThat(new HashSet<>(index.chunkIds(collection))).isEqualTo(before).hasSize(7);
    assertThat(index.chunkIds(collection)).hasSize(7);
    assertThat(index.collections().get(collection).epoch()).isEqualTo(epoch);
    assertThat(replayEvents).isEmpty();
  }

  @Test
  void rejectsVectorsOfAnotherModelOrDimension() {
    batch(chunks.document("job", collection, "a", 1, 2, Map.of()));
    var foreign =
        new EmbeddedChunkEvent.Upsert(
            SchemaVersions.CURRENT,
            "job-x",
            "b",
            collection,
            1,
            0,
            1,
            TestChunks.chunk("b", 1, 0, Map.of()),
            "other-model",
            chunks.vector());
    var shorter =
        new EmbeddedChunkEvent.Upsert(
            SchemaVersions.CURRENT,
            "job-y",
            "c",
            collection,
            1,
            0,
            1,
            TestChunks.chunk("c", 1, 0, Map.of()),
            TestChunks.MODEL,
            new float[] {1, 0, 0});
    ChunkIndexer.Result result = batch(List.of(foreign, shorter));
    assertThat(result.failedChunks()).isEqualTo(2);
    assertThat(result.events())
        .hasSize(2)
        .allSatisfy(
            event -> {
              assertThat(event.kind()).isEqualTo(IndexEvent.Kind.FAILED);
              assertThat(event.reason()).contains(TestChunks.MODEL);
            });
    assertThat(index.count(collection)).isEqualTo(2);
  }

  @Test
  void offsetsAndEpochsSurviveAReopen() {
    batch(chunks.document("job", collection, "a", 1, 3, Map.of()));
    batch(chunks.document("job", collection, "b", 1, 2, Map.of()));
    index.close();
    reopen();
    assertThat(indexer.resumeOffsets())
        .containsExactly(Map.entry(new TopicPartition(TOPIC, 0), 5L));
    assertThat(index.collections().get(collection))
        .isEqualTo(new CollectionState(2, TestChunks.MODEL, TestChunks.DIMENSION));
    assertThat(index.count(collection)).isEqualTo(5);
  }

  @Test
  void resumesFromTheLowerOffsetOfLuceneAndPgvector() {
    Infrastructure.Postgres postgres = Infrastructure.postgres();
    try (HikariDataSource dataSource = new HikariDataSource()) {
      dataSource.setJdbcUrl(postgres.jdbcUrl());
      dataSource.setUsername(postgres.user());
      dataSource.setPassword(postgres.password());
      dataSource.setMaximumPoolSize(3);
      PgVectorConfiguration.migrate(dataSource);
      String topic = "indexer-pg-" + UUID.randomUUID();
      index.close();
      index = new LuceneChunkIndex(dir.resolveSibling(dir.getFileName() + "-pg"), false);
      PgVectorStore pg = new PgVectorStore(dataSource, "indexer-" + UUID.randomUUID());
      indexer = new ChunkIndexer(index, pg, Clock.systemUTC());
      var p0 = new TopicPartition(topic, 0);
      var p1 = new TopicPartition(topic, 1);
      var p2 = new TopicPartition(topic, 2);
      indexer.apply(
          List.copyOf(chunks.document("job", collection, "a", 1, 3, Map.of())),
          Map.of(p0, 3L, p1, 4L));
      assertThat(pg.count(collection)).isEqualTo(3);
      assertThat(index.count(collection)).isEqualTo(3);
      // pgvector ahead on p0 (it commits first), Lucene alone on p2 (pgvector lost it).
      pg.apply(new IndexBatch(List.of(), Map.of(p0, 9L), Map.of()));
      index.apply(new IndexBatch(List.of(), Map.of(p2, 6L), Map.of()));
      assertThat(indexer.resumeOffsets()).containsOnly(Map.entry(p0, 3L), Map.entry(p1, 4L));
    }
  }

  private List<Long> versions() {
    return index.chunkIds(collection).stream().map(ChunkId::version).toList();
  }
}
