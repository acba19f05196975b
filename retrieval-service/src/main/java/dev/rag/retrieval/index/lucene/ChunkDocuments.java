package dev.rag.retrieval.index.lucene;

import dev.rag.contracts.events.Chunk;
import dev.rag.contracts.events.ChunkId;
import dev.rag.contracts.json.EventJson;
import dev.rag.retrieval.index.IndexedChunk;
import dev.rag.retrieval.index.StoredChunk;
import java.util.Arrays;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongField;
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
  /** BM25 field, analysed with English stemming and stop words. */
  static final String TEXT = "text";
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
  static final String MODEL_ID = "model_id";
  /**
   * Vectors go to one field per dimension: Lucene fixes a vector field's dimension per index,
   * and collections of different models may coexist.
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

  static Document chunk(IndexedChunk indexed, boolean withVector) {
    Chunk chunk = indexed.chunk();
    Document doc = new Document();
    doc.add(new StringField(KEY, key(indexed.collection(), indexed.id()), Field.Store.NO));
    doc.add(new StringField(KIND, CHUNK, Field.Store.NO));
    doc.add(new StringField(CHUNK_ID, indexed.id().toString(), Field.Store.YES));
    doc.add(new StringField(COLLECTION, indexed.collection(), Field.Store.YES));
    doc.add(new StringField(DOCUMENT_ID, indexed.documentId(), Field.Store.YES));
    doc.add(new LongField(VERSION, indexed.version(), Field.Store.YES));
    doc.add(new StoredField(ORDINAL, indexed.id().ordinal()));
    doc.add(new StoredField(CHUNK_COUNT, indexed.chunkCount()));
    if (indexed.jobId() != null) {
      doc.add(new StoredField(JOB_ID, indexed.jobId()));
    }
    doc.add(new TextField(TEXT, chunk.text(), Field.Store.YES));
    storeIfPresent(doc, TITLE, chunk.title());
    storeIfPresent(doc, SOURCE_URI, chunk.sourceUri());
    chunk.sectionPath().forEach(heading -> doc.add(new StoredField(SECTION_PATH, heading)));
    if (chunk.page() != null) {
      doc.add(new StoredField(PAGE, chunk.page()));
    }
    doc.add(new StoredField(START_OFFSET, chunk.startOffset()));
    doc.add(new StoredField(END_OFFSET, chunk.endOffset()));
    doc.add(new StoredField(TOKEN_COUNT, chunk.tokenCount()));
    doc.add(new StoredField(METADATA, new String(EventJson.write(chunk.metadata()),
        java.nio.charset.StandardCharsets.UTF_8)));
    chunk.metadata().forEach((k, v) -> doc.add(new StringField(META_PREFIX + k, v, Field.Store.NO)));
    doc.add(new StoredField(MODEL_ID, indexed.modelId()));
    if (withVector) {
      // Unit vectors: DOT_PRODUCT equals cosine and skips Lucene's per-comparison norms.
      doc.add(new KnnFloatVectorField(vectorField(indexed.dimension()), indexed.vector(),
          VectorSimilarityFunction.DOT_PRODUCT));
    }
    return doc;
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
    Map<String, String> metadata = EventJson.mapper().readValue(doc.get(METADATA), STRING_MAP);
    IndexableField page = doc.getField(PAGE);
    return new StoredChunk(
        doc.get(COLLECTION),
        ChunkId.parse(doc.get(CHUNK_ID)),
        doc.get(JOB_ID),
        intField(doc, CHUNK_COUNT),
        doc.get(TEXT),
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
