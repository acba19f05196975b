package dev.rag.retrieval.index.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.contracts.events.Chunk;
import dev.rag.contracts.json.EventJson;
import dev.rag.retrieval.index.CollectionState;
import dev.rag.retrieval.index.DenseQuery;
import dev.rag.retrieval.index.DocumentState;
import dev.rag.retrieval.index.IndexBatch;
import dev.rag.retrieval.index.IndexOp;
import dev.rag.retrieval.index.IndexedChunk;
import dev.rag.retrieval.index.TestChunks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;

/**
 * Indexes written before BM25 statistics were per collection (layout 1: one shared {@code text}
 * field) are upgraded in place when opened; indexes of a newer layout are refused.
 */
class IndexLayoutTest {

  private static final TopicPartition PARTITION = new TopicPartition("layout-test", 0);
  private final TestChunks chunks = new TestChunks(5L);

  @Test
  void upgradesALayout2IndexSoThatRangeAndExistsFiltersFindItsChunks() throws IOException {
    List<IndexedChunk> all = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      all.add(chunks.indexed("a", "doc-" + i, 1, 0, Map.of("year", String.valueOf(2020 + i))));
    }
    Path dir = dir();
    try (FSDirectory directory = FSDirectory.open(dir);
        IndexWriter writer =
            new IndexWriter(directory, new IndexWriterConfig(new EnglishAnalyzer()))) {
      for (IndexedChunk chunk : all) {
        // Layout 2 indexed metadata only as keywords: no key list, no typed points.
        var doc = ChunkDocuments.chunk(chunk, true, new EnglishAnalyzer());
        doc.removeFields(ChunkDocuments.META_KEYS);
        doc.removeFields(ChunkDocuments.META_NUMBER_PREFIX + "year");
        writer.updateDocument(ChunkDocuments.keyTerm(chunk.collection(), chunk.id()), doc);
      }
      writer.setLiveCommitData(
          new CommitData(Map.of(PARTITION, 7L), Map.of(), 2).encode().entrySet());
      writer.commit();
    }
    try (LuceneChunkIndex upgraded = new LuceneChunkIndex(dir, true)) {
      var range =
          new dev.rag.retrieval.index.MetadataFilters(
              List.of(
                  new dev.rag.retrieval.index.MetadataFilter.NumberRange(
                      "year", 2021.0, true, null, false),
                  new dev.rag.retrieval.index.MetadataFilter.Exists("year", true)));
      assertThat(upgraded.bm25("travel reimbursements", Set.of("a"), range, 10)).hasSize(3);
      assertThat(upgraded.committedOffsets()).isEqualTo(Map.of(PARTITION, 7L));
    }
  }

  @Test
  void upgradesALayout1IndexInPlaceKeepingChunksVectorsTombstonesAndOffsets() throws IOException {
    List<IndexedChunk> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      all.add(chunks.indexed(i % 2 == 0 ? "a" : "b", "doc-" + i, 1, 0, Map.of("lang", "en")));
    }
    Path dir = dir();
    Map<String, CollectionState> collections =
        Map.of("a", new CollectionState(3, TestChunks.MODEL, TestChunks.DIMENSION));
    try (FSDirectory directory = FSDirectory.open(dir);
        IndexWriter writer =
            new IndexWriter(directory, new IndexWriterConfig(new EnglishAnalyzer()))) {
      for (IndexedChunk chunk : all) {
        writer.updateDocument(
            ChunkDocuments.keyTerm(chunk.collection(), chunk.id()), layout1(chunk));
      }
      writer.updateDocument(
          ChunkDocuments.tombstoneTerm("a", "gone"), ChunkDocuments.tombstone("a", "gone", 4));
      Map<String, String> userData =
          new java.util.HashMap<>(
              new CommitData(Map.of(PARTITION, 42L), collections, IndexLayout.CURRENT).encode());
      userData.remove(CommitData.LAYOUT); // layout 1 wrote no layout
      writer.setLiveCommitData(userData.entrySet());
      writer.commit();
    }

    try (LuceneChunkIndex upgraded = new LuceneChunkIndex(dir, true);
        LuceneChunkIndex fresh = new LuceneChunkIndex(dir(), true)) {
      fresh.apply(
          new IndexBatch(
              all.stream().<IndexOp>map(c -> new IndexOp.Upsert(c, false)).toList(),
              Map.of(),
              Map.of()));

      assertThat(upgraded.committedOffsets()).isEqualTo(Map.of(PARTITION, 42L));
      assertThat(upgraded.collections()).isEqualTo(collections);
      assertThat(upgraded.documentState("a", "gone")).isEqualTo(new DocumentState(0, 4));
      assertThat(upgraded.count("a")).isEqualTo(3);
      for (IndexedChunk chunk : all) {
        assertThat(upgraded.get(chunk.collection(), chunk.id()))
            .isEqualTo(fresh.get(chunk.collection(), chunk.id()));
      }
      String query = "travel reimbursements " + TestChunks.uniqueWord("doc-2", 1, 0);
      assertThat(upgraded.bm25(query, Set.of("a"), Map.of("lang", "en"), 10))
          .hasSize(3)
          .isEqualTo(fresh.bm25(query, Set.of("a"), Map.of("lang", "en"), 10));
      DenseQuery dense = DenseQuery.of(all.get(3).vector(), Set.of("a", "b"), 6);
      assertThat(upgraded.knn(dense)).isEqualTo(fresh.knn(dense));
    }
    try (FSDirectory directory = FSDirectory.open(dir);
        DirectoryReader reader = DirectoryReader.open(directory)) {
      assertThat(reader.getIndexCommit().getUserData())
          .containsEntry(CommitData.LAYOUT, String.valueOf(IndexLayout.CURRENT));
    }
  }

  @Test
  void refusesAnIndexOfANewerLayoutAndLeavesItOpenable() throws IOException {
    Path dir = dir();
    try (FSDirectory directory = FSDirectory.open(dir);
        IndexWriter writer =
            new IndexWriter(directory, new IndexWriterConfig(new EnglishAnalyzer()))) {
      writer.setLiveCommitData(
          new CommitData(Map.of(), Map.of(), IndexLayout.CURRENT + 1).encode().entrySet());
      writer.commit();
    }
    assertThatThrownBy(() -> new LuceneChunkIndex(dir, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("layout " + (IndexLayout.CURRENT + 1))
        .hasMessageContaining("delete " + dir);
    // The refusal released the write lock.
    try (FSDirectory directory = FSDirectory.open(dir);
        IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
      assertThat(writer.getDocStats().maxDoc).isZero();
    }
  }

  @Test
  void recordsTheLayoutInANewIndexsFirstCommit() throws IOException {
    Path dir = dir();
    try (LuceneChunkIndex index = new LuceneChunkIndex(dir, false)) {
      index.apply(
          IndexBatch.of(new IndexOp.Upsert(chunks.indexed("a", "d", 1, 0, Map.of()), false)));
    }
    try (FSDirectory directory = FSDirectory.open(dir);
        DirectoryReader reader = DirectoryReader.open(directory)) {
      assertThat(reader.getIndexCommit().getUserData())
          .containsEntry(CommitData.LAYOUT, String.valueOf(IndexLayout.CURRENT));
    }
  }

  private static Path dir() {
    return Path.of("target", "test-indexes", "layout-" + UUID.randomUUID());
  }

  /**
   * A chunk as layout 1 wrote it: the text stored and indexed in the one shared {@code text} field.
   */
  private static Document layout1(IndexedChunk indexed) {
    Chunk chunk = indexed.chunk();
    Document doc = new Document();
    doc.add(
        new StringField(
            ChunkDocuments.KEY,
            ChunkDocuments.key(indexed.collection(), indexed.id()),
            Field.Store.NO));
    doc.add(new StringField(ChunkDocuments.KIND, ChunkDocuments.CHUNK, Field.Store.NO));
    doc.add(new StringField(ChunkDocuments.CHUNK_ID, indexed.id().toString(), Field.Store.YES));
    doc.add(new StringField(ChunkDocuments.COLLECTION, indexed.collection(), Field.Store.YES));
    doc.add(new StringField(ChunkDocuments.DOCUMENT_ID, indexed.documentId(), Field.Store.YES));
    doc.add(new LongField(ChunkDocuments.VERSION, indexed.version(), Field.Store.YES));
    doc.add(new StoredField(ChunkDocuments.ORDINAL, indexed.id().ordinal()));
    doc.add(new StoredField(ChunkDocuments.CHUNK_COUNT, indexed.chunkCount()));
    doc.add(new StoredField(ChunkDocuments.JOB_ID, indexed.jobId()));
    doc.add(new TextField(IndexLayout.LAYOUT_1_TEXT, chunk.text(), Field.Store.YES));
    doc.add(new StoredField(ChunkDocuments.TITLE, chunk.title()));
    doc.add(new StoredField(ChunkDocuments.SOURCE_URI, chunk.sourceUri()));
    chunk
        .sectionPath()
        .forEach(heading -> doc.add(new StoredField(ChunkDocuments.SECTION_PATH, heading)));
    doc.add(new StoredField(ChunkDocuments.PAGE, chunk.page()));
    doc.add(new StoredField(ChunkDocuments.START_OFFSET, chunk.startOffset()));
    doc.add(new StoredField(ChunkDocuments.END_OFFSET, chunk.endOffset()));
    doc.add(new StoredField(ChunkDocuments.TOKEN_COUNT, chunk.tokenCount()));
    doc.add(
        new StoredField(
            ChunkDocuments.METADATA,
            new String(EventJson.write(chunk.metadata()), StandardCharsets.UTF_8)));
    chunk
        .metadata()
        .forEach(
            (k, v) -> doc.add(new StringField(ChunkDocuments.META_PREFIX + k, v, Field.Store.NO)));
    doc.add(new StoredField(ChunkDocuments.MODEL_ID, indexed.modelId()));
    doc.add(
        new KnnFloatVectorField(
            ChunkDocuments.vectorField(indexed.dimension()),
            indexed.vector(),
            VectorSimilarityFunction.DOT_PRODUCT));
    return doc;
  }
}
