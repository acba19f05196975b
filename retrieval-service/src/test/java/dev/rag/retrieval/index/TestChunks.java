package dev.rag.retrieval.index;

import dev.rag.contracts.events.Chunk;
import dev.rag.contracts.events.ChunkId;
import dev.rag.contracts.events.EmbeddedChunkEvent;
import dev.rag.contracts.events.SchemaVersions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded test chunks: random unit vectors, texts with a unique word per chunk. */
public final class TestChunks {

  public static final String MODEL = "bge-small-en-v1.5-q";
  public static final int DIMENSION = 384;

  private final Random random;

  public TestChunks(long seed) {
    this.random = new Random(seed);
  }

  public float[] vector() {
    float[] v = new float[DIMENSION];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  /** A word no English text contains, found by BM25 only in this chunk. */
  public static String uniqueWord(String documentId, long version, int ordinal) {
    return ("zq" + documentId + "v" + version + "o" + ordinal)
        .replaceAll("[^A-Za-z0-9]", "")
        .toLowerCase();
  }

  public static Chunk chunk(
      String documentId, long version, int ordinal, Map<String, String> metadata) {
    String text =
        "Travel policies describe reimbursements for trains and hotels. "
            + uniqueWord(documentId, version, ordinal);
    return new Chunk(
        text,
        "Title of " + documentId,
        "https://intranet/" + documentId,
        List.of("Policies", "Travel"),
        ordinal + 1,
        ordinal * 100,
        ordinal * 100 + text.length(),
        20,
        metadata);
  }

  /** All chunks of one document version, as embedding-service would emit them. */
  public List<EmbeddedChunkEvent.Upsert> document(
      String job,
      String collection,
      String documentId,
      long version,
      int chunks,
      Map<String, String> metadata) {
    List<EmbeddedChunkEvent.Upsert> events = new ArrayList<>();
    for (int ordinal = 0; ordinal < chunks; ordinal++) {
      events.add(
          new EmbeddedChunkEvent.Upsert(
              SchemaVersions.CURRENT,
              job,
              documentId,
              collection,
              version,
              ordinal,
              chunks,
              chunk(documentId, version, ordinal, metadata),
              MODEL,
              vector()));
    }
    return events;
  }

  public static EmbeddedChunkEvent.Delete delete(
      String job, String collection, String documentId, long version) {
    return new EmbeddedChunkEvent.Delete(
        SchemaVersions.CURRENT, job, documentId, collection, version);
  }

  public IndexedChunk indexed(
      String collection,
      String documentId,
      long version,
      int ordinal,
      Map<String, String> metadata) {
    return new IndexedChunk(
        collection,
        new ChunkId(documentId, version, ordinal),
        "job",
        ordinal + 1,
        chunk(documentId, version, ordinal, metadata),
        MODEL,
        vector());
  }
}
