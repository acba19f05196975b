package dev.rag.retrieval.index.lucene;

import dev.rag.retrieval.index.StoredChunk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.util.Bits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versions of the way chunks are laid out as Lucene documents, recorded in every commit ({@link
 * CommitData#layout}), and the upgrade of an index written in an older one.
 *
 * <ul>
 *   <li>1 (unversioned): one BM25 field {@code text} for all collections, stored and indexed. Its
 *       statistics were shared, so one collection's scores depended on (and revealed) the others'.
 *   <li>2: one BM25 field per collection ({@code bm25.<collection>}), the text stored as {@code
 *       chunk_text}, exact token counts as doc values (see {@link LiveStatisticsSearcher}).
 *   <li>3: metadata also indexed for range and {@code exists} filters ({@code meta_keys}, {@code
 *       meta_num.<key>}, {@code meta_date.<key>}; see {@link MetadataQueries}).
 * </ul>
 *
 * <p>An older layout is upgraded in place when the index opens: every live chunk is rebuilt from
 * its stored fields (and its vector, read back bit for bit from the vector field) and rewritten
 * under the same key, then one commit records the current layout with the offsets and collections
 * unchanged. The commit is atomic: a replica killed during the upgrade still has its old commit and
 * simply upgrades again on the next start. Tombstones have no text and are kept as they are. The
 * stored text cannot move into the old field name, because Lucene fixes a field's index options for
 * the life of an index.
 */
final class IndexLayout {

  /** What a commit without a layout entry was written in. */
  static final int UNVERSIONED = 1;

  static final int CURRENT = 3;

  /** Layout 1's BM25 field, which also stored the text. */
  static final String LAYOUT_1_TEXT = "text";

  private static final Logger log = LoggerFactory.getLogger(IndexLayout.class);

  private IndexLayout() {}

  /**
   * Brings the index that {@code writer} opened to the current layout and returns its commit data
   * in that layout.
   *
   * @throws IllegalStateException when the index was written by a newer version
   */
  static CommitData open(IndexWriter writer, CommitData committed, Analyzer analyzer, Path dir)
      throws IOException {
    if (committed.layout() > CURRENT) {
      throw new IllegalStateException(
          "the Lucene index in "
              + dir
              + " has layout "
              + committed.layout()
              + " but this retrieval-service reads layouts up to "
              + CURRENT
              + ": run a newer retrieval-service, or delete "
              + dir
              + " to rebuild it from Kafka");
    }
    CommitData current = committed.withLayout(CURRENT);
    if (committed.layout() == CURRENT || writer.getDocStats().maxDoc == 0) {
      return current; // an empty index has no layout yet: the first commit records the current one
    }
    log.info(
        "upgrading the Lucene index in {} from layout {} to {}", dir, committed.layout(), CURRENT);
    long started = System.nanoTime();
    int rewritten =
        rewrite(
            writer,
            analyzer,
            committed.layout() == UNVERSIONED ? LAYOUT_1_TEXT : ChunkDocuments.STORED_TEXT);
    writer.setLiveCommitData(current.encode().entrySet());
    writer.commit();
    log.info(
        "upgraded the Lucene index in {} to layout {}: {} chunks rewritten in {} ms",
        dir,
        CURRENT,
        rewritten,
        (System.nanoTime() - started) / 1_000_000);
    return current;
  }

  private static int rewrite(IndexWriter writer, Analyzer analyzer, String textField)
      throws IOException {
    int rewritten = 0;
    // A point-in-time reader: the rewrites below do not show up in it.
    try (DirectoryReader reader = DirectoryReader.open(writer)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        LeafReader segment = leaf.reader();
        Bits live = segment.getLiveDocs();
        StoredFields stored = segment.storedFields();
        List<VectorCursor> vectors = vectorCursors(segment);
        for (int doc = 0; doc < segment.maxDoc(); doc++) {
          if (live != null && !live.get(doc)) {
            continue;
          }
          Document old = stored.document(doc);
          if (old.get(ChunkDocuments.CHUNK_ID) == null) {
            continue; // a tombstone
          }
          StoredChunk chunk = ChunkDocuments.read(old, textField);
          float[] vector = null;
          for (VectorCursor cursor : vectors) {
            float[] found = cursor.vectorOf(doc);
            vector = found == null ? vector : found;
          }
          writer.updateDocument(
              ChunkDocuments.keyTerm(chunk.collection(), chunk.id()),
              ChunkDocuments.chunk(chunk, vector, analyzer));
          rewritten++;
        }
      }
    }
    return rewritten;
  }

  private static List<VectorCursor> vectorCursors(LeafReader segment) throws IOException {
    List<VectorCursor> cursors = new ArrayList<>();
    for (FieldInfo field : segment.getFieldInfos()) {
      if (field.getVectorDimension() > 0 && field.name.startsWith(ChunkDocuments.VECTOR_PREFIX)) {
        FloatVectorValues values = segment.getFloatVectorValues(field.name);
        if (values != null) {
          cursors.add(new VectorCursor(values, values.iterator()));
        }
      }
    }
    return cursors;
  }

  /** Walks one vector field forward, in step with the documents being rewritten. */
  private record VectorCursor(FloatVectorValues values, KnnVectorValues.DocIndexIterator docs) {

    /** The vector of {@code doc} (a copy), or null; {@code doc} must not decrease between calls. */
    float[] vectorOf(int doc) throws IOException {
      if (docs.docID() < doc) {
        docs.advance(doc);
      }
      return docs.docID() == doc ? values.vectorValue(docs.index()).clone() : null;
    }
  }
}
