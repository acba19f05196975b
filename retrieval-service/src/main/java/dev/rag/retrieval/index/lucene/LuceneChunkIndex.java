package dev.rag.retrieval.index.lucene;

import static dev.rag.retrieval.index.lucene.ChunkDocuments.CHUNK;
import static dev.rag.retrieval.index.lucene.ChunkDocuments.COLLECTION;
import static dev.rag.retrieval.index.lucene.ChunkDocuments.DOCUMENT_ID;
import static dev.rag.retrieval.index.lucene.ChunkDocuments.KIND;
import static dev.rag.retrieval.index.lucene.ChunkDocuments.ORDINAL;
import static dev.rag.retrieval.index.lucene.ChunkDocuments.VERSION;

import dev.rag.contracts.events.ChunkId;
import dev.rag.retrieval.index.ChunkKey;
import dev.rag.retrieval.index.ChunkPage;
import dev.rag.retrieval.index.ChunkStore;
import dev.rag.retrieval.index.CollectionState;
import dev.rag.retrieval.index.DenseHit;
import dev.rag.retrieval.index.DenseQuery;
import dev.rag.retrieval.index.DocumentState;
import dev.rag.retrieval.index.IndexBatch;
import dev.rag.retrieval.index.IndexOp;
import dev.rag.retrieval.index.LexicalHit;
import dev.rag.retrieval.index.MetadataFilters;
import dev.rag.retrieval.index.StoredChunk;
import dev.rag.support.outage.OutageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chunk index of one replica on local disk: BM25 over chunk text (English analysis:
 * possessives, stop words, Porter stemming) with statistics of its own per collection, the stored
 * fields results need, tombstones, and (when {@code vectors}) an HNSW vector per chunk.
 *
 * <p>Lifecycle: one {@link IndexWriter} owned by this object; {@link #apply} is the only writer
 * path and ends in a commit whose user data holds the batch's offsets, so uncommitted work is never
 * visible on disk without the offsets that produced it ({@code commitOnClose} is off: a closed or
 * killed replica keeps exactly its last commit). Readers use a {@link SearcherManager} refreshed
 * after each commit, so searches and the indexer's state queries see committed data.
 *
 * <p>Opening an index written in an older {@link IndexLayout} upgrades it in place first (one
 * atomic commit); an index from a newer version is refused.
 */
public final class LuceneChunkIndex implements ChunkStore {

  private static final Logger log = LoggerFactory.getLogger(LuceneChunkIndex.class);

  private final Path dir;
  private final boolean vectors;
  private final FSDirectory directory;

  /** Replaced after a failed batch (rolled back), so the next batch starts from the last commit. */
  private IndexWriter writer;

  private volatile SearcherManager searchers;

  private final Analyzer analyzer = new EnglishAnalyzer();
  private volatile CommitData committed;

  /**
   * Opens (or creates) the index in {@code dir}.
   *
   * @param vectors whether chunks carry their vectors (true when Lucene is the dense store)
   */
  public LuceneChunkIndex(Path dir, boolean vectors) {
    if (dir == null) {
      throw new IllegalArgumentException("index dir must be present");
    }
    this.dir = dir;
    this.vectors = vectors;
    try {
      Files.createDirectories(dir);
      directory = FSDirectory.open(dir);
      writer = newWriter();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the Lucene index in " + dir, e);
    }
    try {
      committed =
          IndexLayout.open(writer, CommitData.decode(liveCommitData(writer)), analyzer, dir);
      searchers = newSearchers(writer);
    } catch (IOException | RuntimeException e) {
      // Drop a half-done upgrade and release the write lock; the last commit stays as it was.
      try {
        writer.rollback();
        directory.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e instanceof IOException io
          ? new UncheckedIOException("cannot open the Lucene index in " + dir, io)
          : (RuntimeException) e;
    }
  }

  private IndexWriter newWriter() throws IOException {
    return new IndexWriter(
        directory,
        new IndexWriterConfig(analyzer)
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
            .setCommitOnClose(false));
  }

  private static SearcherManager newSearchers(IndexWriter writer) throws IOException {
    return new SearcherManager(
        writer,
        new SearcherFactory() {
          @Override
          public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
            return new LiveStatisticsSearcher(reader);
          }
        });
  }

  public Path dir() {
    return dir;
  }

  public boolean storesVectors() {
    return vectors;
  }

  /**
   * Writes the batch and commits it with its offsets, or leaves the index at its last commit: a
   * failed batch is rolled back, so none of its operations can ride along with a later commit.
   *
   * @throws OutageException when the disk failed (full, read-only, gone): the same batch succeeds
   *     once it is back, so the caller retries rather than dead-lettering it
   */
  @Override
  public synchronized void apply(IndexBatch batch) {
    try {
      if (writer == null) {
        reopen();
      }
      for (IndexOp op : batch.ops()) {
        write(op);
      }
      CommitData next = committed.merge(batch.offsets(), batch.collections());
      writer.setLiveCommitData(next.encode().entrySet());
      writer.commit();
      committed = next;
      searchers.maybeRefreshBlocking();
    } catch (IOException | RuntimeException e) {
      boolean diskFailed =
          e instanceof IOException
              || e instanceof AlreadyClosedException
              || (writer != null && writer.getTragicException() != null);
      rollBack(e);
      if (diskFailed) {
        throw new OutageException(
            "cannot write the Lucene index in " + dir + " (" + e.getMessage() + ")", e);
      }
      throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
    }
  }

  /** Drops everything since the last commit; the next batch opens a fresh writer. */
  private void rollBack(Exception cause) {
    if (writer == null) {
      return;
    }
    try {
      writer.rollback();
    } catch (IOException | RuntimeException suppressed) {
      cause.addSuppressed(suppressed);
    }
    writer = null;
  }

  /**
   * Opens a writer on the last commit. Searches keep the previous searcher until the new one is
   * ready (a rolled-back writer's readers stay readable), then move over.
   */
  private void reopen() throws IOException {
    IndexWriter fresh = newWriter();
    SearcherManager previous = searchers;
    try {
      searchers = newSearchers(fresh);
    } catch (IOException | RuntimeException e) {
      fresh.rollback();
      throw e;
    }
    writer = fresh;
    log.info("reopened the Lucene index in {} at its last commit", dir);
    previous.close();
  }

  private void write(IndexOp op) throws IOException {
    switch (op) {
      case IndexOp.Upsert upsert -> {
        if (!upsert.alreadyIndexed()) {
          writer.updateDocument(
              ChunkDocuments.keyTerm(upsert.collection(), upsert.chunk().id()),
              ChunkDocuments.chunk(upsert.chunk(), vectors, analyzer));
        }
      }
      case IndexOp.DeleteOlderVersions older ->
          writer.deleteDocuments(
              chunksOf(older.collection(), older.documentId(), 1, older.version() - 1));
      case IndexOp.DeleteDocument delete -> {
        writer.deleteDocuments(
            chunksOf(delete.collection(), delete.documentId(), 1, delete.version()));
        writer.updateDocument(
            ChunkDocuments.tombstoneTerm(delete.collection(), delete.documentId()),
            ChunkDocuments.tombstone(delete.collection(), delete.documentId(), delete.tombstone()));
      }
    }
  }

  @Override
  public Map<TopicPartition, Long> committedOffsets() {
    return committed.offsets();
  }

  /** Epoch, model and dimension of every collection ever indexed, as of the last commit. */
  public Map<String, CollectionState> collections() {
    return committed.collections();
  }

  /** The committed chunk version and delete mark of a document. */
  public DocumentState documentState(String collection, String documentId) {
    return withSearcher(
        searcher -> {
          Sort byVersion =
              new Sort(LongField.newSortField(VERSION, true, SortedNumericSelector.Type.MAX));
          TopDocs newest =
              searcher.search(chunksOf(collection, documentId, 1, Long.MAX_VALUE), 1, byVersion);
          long chunkVersion =
              newest.scoreDocs.length == 0
                  ? 0
                  : ChunkDocuments.version(
                      searcher.storedFields().document(newest.scoreDocs[0].doc));
          TopDocs tombstone =
              searcher.search(
                  new TermQuery(ChunkDocuments.tombstoneTerm(collection, documentId)), 1);
          long deletedUpTo =
              tombstone.scoreDocs.length == 0
                  ? 0
                  : ChunkDocuments.version(
                      searcher.storedFields().document(tombstone.scoreDocs[0].doc));
          return new DocumentState(chunkVersion, deletedUpTo);
        });
  }

  public boolean contains(String collection, ChunkId id) {
    return withSearcher(
        searcher -> searcher.count(new TermQuery(ChunkDocuments.keyTerm(collection, id))) > 0);
  }

  public Optional<StoredChunk> get(String collection, ChunkId id) {
    return withSearcher(
        searcher -> {
          TopDocs hit = searcher.search(new TermQuery(ChunkDocuments.keyTerm(collection, id)), 1);
          return hit.scoreDocs.length == 0
              ? Optional.<StoredChunk>empty()
              : Optional.of(
                  ChunkDocuments.read(searcher.storedFields().document(hit.scoreDocs[0].doc)));
        });
  }

  /**
   * The stored chunks of the given keys, read from one searcher; keys not in the index (e.g. a
   * dense hit the Lucene commit does not cover yet) are absent from the result.
   */
  public Map<ChunkKey, StoredChunk> load(List<ChunkKey> keys) {
    return withSearcher(
        searcher -> {
          Map<ChunkKey, StoredChunk> chunks = new java.util.HashMap<>();
          StoredFields stored = searcher.storedFields();
          for (ChunkKey key : keys) {
            TopDocs hit =
                searcher.search(
                    new TermQuery(ChunkDocuments.keyTerm(key.collection(), key.id())), 1);
            if (hit.scoreDocs.length > 0) {
              chunks.put(key, ChunkDocuments.read(stored.document(hit.scoreDocs[0].doc)));
            }
          }
          return chunks;
        });
  }

  /** Chunks in a collection (tombstones excluded). */
  public long count(String collection) {
    return withSearcher(
        searcher -> (long) searcher.count(filter(Set.of(collection), MetadataFilters.none())));
  }

  /** Chunks of one document version (committed). */
  public long countVersion(String collection, String documentId, long version) {
    return withSearcher(
        searcher -> (long) searcher.count(chunksOf(collection, documentId, version, version)));
  }

  /**
   * One page of a document's chunks as retrieval sees them: the newest committed version, unless a
   * delete covers it, in reading order ({@code ordinal}). Only the page's chunks are read in full.
   */
  public ChunkPage documentChunks(String collection, String documentId, int page, int size) {
    DocumentState state = documentState(collection, documentId);
    long version = state.chunkVersion();
    if (version == 0 || state.deletedUpTo() >= version) {
      return new ChunkPage(null, 0, List.of());
    }
    return withSearcher(
        searcher -> {
          Query chunks = chunksOf(collection, documentId, version, version);
          TopDocs all = searcher.search(chunks, Math.max(1, searcher.count(chunks)));
          StoredFields stored = searcher.storedFields();
          List<int[]> byOrdinal = new ArrayList<>(all.scoreDocs.length);
          for (ScoreDoc hit : all.scoreDocs) {
            int ordinal =
                stored
                    .document(hit.doc, Set.of(ORDINAL))
                    .getField(ORDINAL)
                    .numericValue()
                    .intValue();
            byOrdinal.add(new int[] {ordinal, hit.doc});
          }
          byOrdinal.sort(java.util.Comparator.comparingInt(pair -> pair[0]));
          int from = (int) Math.min((long) page * size, byOrdinal.size());
          int to = Math.min(from + size, byOrdinal.size());
          List<StoredChunk> items = new ArrayList<>(to - from);
          for (int[] pair : byOrdinal.subList(from, to)) {
            items.add(ChunkDocuments.read(stored.document(pair[1])));
          }
          return new ChunkPage(version, byOrdinal.size(), items);
        });
  }

  /** Every chunk id of a collection, for audits and tests (no order promised). */
  public List<ChunkId> chunkIds(String collection) {
    return withSearcher(
        searcher -> {
          TopDocs all =
              searcher.search(
                  filter(Set.of(collection), MetadataFilters.none()),
                  Math.max(1, searcher.count(filter(Set.of(collection), MetadataFilters.none()))));
          return ids(searcher, all).stream().map(LexicalHit::chunkId).toList();
        });
  }

  /**
   * BM25 (Lucene's {@code BM25Similarity}, k1 = 1.2, b = 0.75) over the chunk text. The query is
   * analysed like the text and its terms are OR-ed in each collection's own BM25 field, so every
   * chunk is scored with the statistics of its collection alone (live documents only, see {@link
   * LiveStatisticsSearcher}); over several collections the query is a disjunction of the
   * per-collection queries. Scores of different collections are therefore on scales of their own
   * (fusion uses ranks). Collections and metadata filters are FILTER clauses of the same query, so
   * they narrow the scored set before the top-k cut.
   */
  public List<LexicalHit> bm25(
      String text, Set<String> collections, Map<String, String> exact, int k) {
    return bm25(text, collections, MetadataFilters.of(exact), k);
  }

  /** BM25 as above, with any metadata conditions. */
  public List<LexicalHit> bm25(
      String text, Set<String> collections, MetadataFilters filters, int k) {
    if (k < 1 || k > 10_000) {
      throw new IllegalArgumentException("k must be in [1, 10000], was " + k);
    }
    Query filter = filter(collections, filters);
    QueryBuilder builder = new QueryBuilder(analyzer);
    BooleanQuery.Builder perCollection = new BooleanQuery.Builder();
    for (String collection : new TreeSet<>(collections)) {
      Query terms =
          builder.createBooleanQuery(
              ChunkDocuments.bm25Field(collection), text == null ? "" : text);
      if (terms == null) {
        return List
            .of(); // only stop words or punctuation (the analysis is the same for every field)
      }
      perCollection.add(terms, Occur.SHOULD);
    }
    Query query =
        new BooleanQuery.Builder()
            .add(perCollection.build(), Occur.MUST)
            .add(filter, Occur.FILTER)
            .build();
    return withSearcher(searcher -> ids(searcher, searcher.search(query, k)));
  }

  /**
   * HNSW search over the vector field of the query's dimension. The filter is handed to the graph
   * search (Lucene explores past non-matching nodes or falls back to an exact scan when the filter
   * is very selective), so every hit matches it.
   */
  public List<DenseHit> knn(DenseQuery query) {
    if (!vectors) {
      throw new IllegalStateException(
          "this Lucene index stores no vectors (dense store is not lucene)");
    }
    Query knn =
        new KnnFloatVectorQuery(
            ChunkDocuments.vectorField(query.vector().length),
            query.vector(),
            query.candidates(),
            filter(query.collections(), query.filters()));
    return withSearcher(
        searcher -> {
          List<DenseHit> hits = new ArrayList<>();
          for (LexicalHit hit : ids(searcher, searcher.search(knn, query.k()))) {
            // DOT_PRODUCT scores are (1 + cos) / 2; report the cosine itself.
            hits.add(new DenseHit(hit.collection(), hit.chunkId(), 2 * hit.score() - 1));
          }
          return hits;
        });
  }

  private static Query filter(Set<String> collections, MetadataFilters filters) {
    if (collections == null || collections.isEmpty()) {
      throw new IllegalArgumentException("at least one collection must be searched");
    }
    BooleanQuery.Builder filter =
        new BooleanQuery.Builder()
            .add(new TermQuery(new Term(KIND, CHUNK)), Occur.FILTER)
            .add(
                new TermInSetQuery(COLLECTION, collections.stream().map(BytesRef::new).toList()),
                Occur.FILTER);
    MetadataQueries.addTo(filter, filters);
    return filter.build();
  }

  private static Query chunksOf(
      String collection, String documentId, long minVersion, long maxVersion) {
    return new BooleanQuery.Builder()
        .add(new TermQuery(new Term(KIND, CHUNK)), Occur.FILTER)
        .add(new TermQuery(new Term(COLLECTION, collection)), Occur.FILTER)
        .add(new TermQuery(new Term(DOCUMENT_ID, documentId)), Occur.FILTER)
        .add(LongField.newRangeQuery(VERSION, minVersion, maxVersion), Occur.FILTER)
        .build();
  }

  private static List<LexicalHit> ids(IndexSearcher searcher, TopDocs top) throws IOException {
    StoredFields stored = searcher.storedFields();
    Set<String> fields = Set.of(ChunkDocuments.CHUNK_ID, COLLECTION);
    List<LexicalHit> hits = new ArrayList<>(top.scoreDocs.length);
    for (ScoreDoc scoreDoc : top.scoreDocs) {
      var doc = stored.document(scoreDoc.doc, fields);
      hits.add(
          new LexicalHit(
              doc.get(COLLECTION),
              ChunkId.parse(doc.get(ChunkDocuments.CHUNK_ID)),
              scoreDoc.score));
    }
    return hits;
  }

  private interface SearcherFunction<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  private <T> T withSearcher(SearcherFunction<T> function) {
    try {
      SearcherManager manager = searchers;
      IndexSearcher searcher;
      try {
        searcher = manager.acquire();
      } catch (AlreadyClosedException replaced) {
        manager = searchers; // a writer was reopened just now: its manager replaced this one
        searcher = manager.acquire();
      }
      try {
        return function.apply(searcher);
      } finally {
        manager.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search the Lucene index in " + dir, e);
    }
  }

  private static Map<String, String> liveCommitData(IndexWriter writer) {
    Map<String, String> data = new java.util.HashMap<>();
    Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
    if (live != null) {
      live.forEach(entry -> data.put(entry.getKey(), entry.getValue()));
    }
    return data;
  }

  /** Closes without committing: whatever was not committed with its offsets is dropped. */
  @Override
  public synchronized void close() {
    try {
      searchers.close();
      if (writer != null) {
        writer.close();
      }
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the Lucene index in " + dir, e);
    }
  }
}
