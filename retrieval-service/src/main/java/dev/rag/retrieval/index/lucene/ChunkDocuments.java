package dev.rag.retrieval.index.lucene;

import dev.rag.contracts.events.Chunk;
import dev.rag.contracts.events.ChunkId;
import dev.rag.contracts.events.RetrievalText;
import dev.rag.contracts.json.EventJson;
import dev.rag.retrieval.index.IndexedChunk;
import dev.rag.retrieval.index.MetadataValues;
import dev.rag.retrieval.index.StoredChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CachingTokenFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import tools.jackson.core.type.TypeReference;

/**
 * The mapping between chunks and Lucene documents. Field names are constants because queries
 * elsewhere in the package use them.
 */
final class ChunkDocuments {

  /** Unique key of every document: {@code collection \u0000 chunkId} or a tombstone key. */
  static final String KEY = "key";

  /** {@code chunk} or {@code tombstone}; searches and counts filter on {@code chunk}. */
  static final String KIND = "kind";

  static final String CHUNK = "chunk";
  static final String TOMBSTONE = "tombstone";
  static final String CHUNK_ID = "chunk_id";
  static final String COLLECTION = "collection";
  static final String DOCUMENT_ID = "document_id";
  static final String VERSION = "version";
  static final String ORDINAL = "ordinal";
  static final String CHUNK_COUNT = "chunk_count";
  static final String JOB_ID = "job_id";

  /** The chunk text as stored for results (not indexed; BM25 reads {@link #bm25Field}). */
  static final String STORED_TEXT = "chunk_text";

  /**
   * BM25 fields: {@code bm25.<collection>}, the chunk text analysed with English stemming and stop
   * words. One field per collection so that Lucene's per-field statistics (document count, document
   * frequencies, total term frequency) are per collection: a tenant's scores never depend on, and
   * so never reveal, what another collection holds. See {@link LiveStatisticsSearcher} for deleted
   * documents.
   */
  static final String BM25_PREFIX = "bm25.";

  /** Tokens the analyser produced for the BM25 field (doc value; exact, unlike the norm). */
  static final String BM25_TOKENS = "bm25_tokens";

  /** Distinct terms among those tokens (doc value). */
  static final String BM25_TERMS = "bm25_terms";

  static final String TITLE = "title";
  static final String SOURCE_URI = "source_uri";

  /** Multi-valued, in order from the root heading. */
  static final String SECTION_PATH = "section_path";

  static final String PAGE = "page";
  static final String START_OFFSET = "start_offset";
  static final String END_OFFSET = "end_offset";
  static final String TOKEN_COUNT = "token_count";

  /** Metadata as stored JSON; each entry is also indexed as {@code meta.<key>} for filters. */
  static final String METADATA = "metadata";

  static final String META_PREFIX = "meta.";

  /** Keys present in the metadata (one term each), for {@code exists} filters. */
  static final String META_KEYS = "meta_keys";

  /**
   * {@code meta_num.<key>}: a double point for values that are numbers, {@code meta_date.<key>}: a
   * long point (epoch ms) for values that are dates ({@link MetadataValues}), for range filters.
   */
  static final String META_NUMBER_PREFIX = "meta_num.";

  static final String META_DATE_PREFIX = "meta_date.";
  static final String MODEL_ID = "model_id";

  /**
   * Vectors go to one field per dimension: Lucene fixes a vector field's dimension per index, and
   * collections of different models may coexist.
   */
  static final String VECTOR_PREFIX = "vector.";

  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private ChunkDocuments() {}

  static String key(String collection, ChunkId id) {
    return collection + '\u0000' + id;
  }

  static Term keyTerm(String collection, ChunkId id) {
    return new Term(KEY, key(collection, id));
  }

  static Term tombstoneTerm(String collection, String documentId) {
    return new Term(KEY, collection + '\u0000' + documentId + '\u0000' + TOMBSTONE);
  }

  static String vectorField(int dimension) {
    return VECTOR_PREFIX + dimension;
  }

  static String bm25Field(String collection) {
    return BM25_PREFIX + collection;
  }

  static boolean isBm25Field(String field) {
    return field.startsWith(BM25_PREFIX);
  }

  static Document chunk(IndexedChunk indexed, boolean withVector, Analyzer analyzer) {
    Chunk chunk = indexed.chunk();
    StoredChunk stored =
        new StoredChunk(
            indexed.collection(),
            indexed.id(),
            indexed.jobId(),
            indexed.chunkCount(),
            chunk.text(),
            chunk.title(),
            chunk.sourceUri(),
            chunk.sectionPath(),
            chunk.page(),
            chunk.startOffset(),
            chunk.endOffset(),
            chunk.tokenCount(),
            chunk.metadata(),
            indexed.modelId());
    return chunk(stored, withVector ? indexed.vector() : null, analyzer);
  }

  /**
   * The document of a chunk.
   *
   * @param vector the unit vector to index, or null for none
   * @param analyzer the BM25 analysis (the query side must analyse the same way)
   */
  static Document chunk(StoredChunk chunk, float[] vector, Analyzer analyzer) {
    ChunkId id = chunk.id();
    Document doc = new Document();
    doc.add(new StringField(KEY, key(chunk.collection(), id), Field.Store.NO));
    doc.add(new StringField(KIND, CHUNK, Field.Store.NO));
    doc.add(new StringField(CHUNK_ID, id.toString(), Field.Store.YES));
    doc.add(new StringField(COLLECTION, chunk.collection(), Field.Store.YES));
    doc.add(new StringField(DOCUMENT_ID, id.documentId(), Field.Store.YES));
    doc.add(new LongField(VERSION, id.version(), Field.Store.YES));
    doc.add(new StoredField(ORDINAL, id.ordinal()));
    doc.add(new StoredField(CHUNK_COUNT, chunk.chunkCount()));
    if (chunk.jobId() != null) {
      doc.add(new StoredField(JOB_ID, chunk.jobId()));
    }
    addBm25Text(doc, chunk.collection(), chunk.title(), chunk.text(), analyzer);
    storeIfPresent(doc, TITLE, chunk.title());
    storeIfPresent(doc, SOURCE_URI, chunk.sourceUri());
    chunk.sectionPath().forEach(heading -> doc.add(new StoredField(SECTION_PATH, heading)));
    if (chunk.page() != null) {
      doc.add(new StoredField(PAGE, chunk.page()));
    }
    doc.add(new StoredField(START_OFFSET, chunk.startOffset()));
    doc.add(new StoredField(END_OFFSET, chunk.endOffset()));
    doc.add(new StoredField(TOKEN_COUNT, chunk.tokenCount()));
    doc.add(
        new StoredField(
            METADATA,
            new String(
                EventJson.write(chunk.metadata()), java.nio.charset.StandardCharsets.UTF_8)));
    chunk.metadata().forEach((k, v) -> addMetadata(doc, k, v));
    doc.add(new StoredField(MODEL_ID, chunk.modelId()));
    if (vector != null) {
      // Unit vectors: DOT_PRODUCT equals cosine and skips Lucene's per-comparison norms.
      doc.add(
          new KnnFloatVectorField(
              vectorField(vector.length), vector, VectorSimilarityFunction.DOT_PRODUCT));
    }
    return doc;
  }

  /** Indexes one metadata entry for every kind of filter that can match it. */
  private static void addMetadata(Document doc, String key, String value) {
    doc.add(new StringField(META_PREFIX + key, value, Field.Store.NO));
    doc.add(new StringField(META_KEYS, key, Field.Store.NO));
    Double number = MetadataValues.number(value);
    if (number != null) {
      doc.add(new DoublePoint(META_NUMBER_PREFIX + key, number));
    }
    Long date = MetadataValues.dateMillis(value);
    if (date != null) {
      doc.add(new LongPoint(META_DATE_PREFIX + key, date));
    }
  }

  /**
   * Stores the text and indexes it, headed by the title ({@link RetrievalText}, as the embedding
   * model saw it), into the collection's BM25 field, with its exact token and distinct-term counts
   * as doc values: they are what this document adds to the field's {@code sumTotalTermFreq} and
   * {@code sumDocFreq}, which {@link LiveStatisticsSearcher} subtracts once the document is
   * deleted. The text is analysed once: the counting pass fills a cache that the indexer then
   * replays.
   */
  private static void addBm25Text(
      Document doc, String collection, String title, String text, Analyzer analyzer) {
    int tokens = 0;
    Set<String> terms = new HashSet<>();
    CachingTokenFilter cached =
        new CachingTokenFilter(
            analyzer.tokenStream(bm25Field(collection), RetrievalText.of(title, text)));
    try (cached) {
      CharTermAttribute term = cached.addAttribute(CharTermAttribute.class);
      cached.reset();
      while (cached.incrementToken()) {
        tokens++;
        terms.add(term.toString());
      }
      cached.end();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot analyse chunk text", e); // a StringReader never fails
    }
    // Closed above, so the analyser's reused components are free before the writer replays the
    // cache (replaying never touches the closed input).
    doc.add(new Field(bm25Field(collection), cached, TextField.TYPE_NOT_STORED));
    doc.add(new StoredField(STORED_TEXT, text));
    doc.add(new NumericDocValuesField(BM25_TOKENS, tokens));
    doc.add(new NumericDocValuesField(BM25_TERMS, terms.size()));
  }

  static Document tombstone(String collection, String documentId, long version) {
    Document doc = new Document();
    doc.add(new StringField(KEY, tombstoneTerm(collection, documentId).text(), Field.Store.NO));
    doc.add(new StringField(KIND, TOMBSTONE, Field.Store.YES));
    doc.add(new StringField(COLLECTION, collection, Field.Store.YES));
    doc.add(new StringField(DOCUMENT_ID, documentId, Field.Store.YES));
    doc.add(new LongField(VERSION, version, Field.Store.YES));
    return doc;
  }

  static StoredChunk read(Document doc) {
    return read(doc, STORED_TEXT);
  }

  /** Reads a chunk whose text is stored in {@code textField} (older layouts used another name). */
  static StoredChunk read(Document doc, String textField) {
    Map<String, String> metadata = EventJson.mapper().readValue(doc.get(METADATA), STRING_MAP);
    IndexableField page = doc.getField(PAGE);
    return new StoredChunk(
        doc.get(COLLECTION),
        ChunkId.parse(doc.get(CHUNK_ID)),
        doc.get(JOB_ID),
        intField(doc, CHUNK_COUNT),
        doc.get(textField),
        doc.get(TITLE),
        doc.get(SOURCE_URI),
        Arrays.asList(doc.getValues(SECTION_PATH)),
        page == null ? null : page.numericValue().intValue(),
        intField(doc, START_OFFSET),
        intField(doc, END_OFFSET),
        intField(doc, TOKEN_COUNT),
        metadata,
        doc.get(MODEL_ID));
  }

  static long version(Document doc) {
    return doc.getField(VERSION).numericValue().longValue();
  }

  private static int intField(Document doc, String name) {
    return doc.getField(name).numericValue().intValue();
  }

  private static void storeIfPresent(Document doc, String name, String value) {
    if (value != null) {
      doc.add(new StoredField(name, value));
    }
  }
}
