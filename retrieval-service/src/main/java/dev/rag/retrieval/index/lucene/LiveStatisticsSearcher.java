package dev.rag.retrieval.index.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.util.Bits;

/**
 * An {@link IndexSearcher} whose BM25 statistics count live documents only, so that a collection's
 * scores are a function of the chunks it holds now and of nothing else.
 *
 * <p>Isolation between collections comes from the index layout: each collection has its own BM25
 * field ({@link ChunkDocuments#bm25Field}), so Lucene's per-field statistics are already
 * per-collection and a query never reads another collection's postings. That is cheaper than
 * filtering shared statistics by collection at query time (which would walk every tenant's postings
 * of every query term). What Lucene's statistics still get wrong is deletes: a deleted (or
 * replaced) document keeps counting in {@code docFreq}, {@code docCount} and {@code
 * sumTotalTermFreq} until a merge drops it, and merges are triggered by any collection's writes, so
 * without this class one tenant's indexing could shift another tenant's scores.
 *
 * <p>For a BM25 field this searcher therefore subtracts deleted documents: per term, it walks the
 * postings of segments with deletions and counts live documents; per field, it subtracts each
 * deleted document's exact token and distinct-term counts (doc values written at index time, since
 * the norm is a lossy one-byte length). Segments without deletions cost nothing extra. Field
 * statistics are computed once per searcher, i.e. once per commit. {@code maxDoc} is reported as
 * the collection's live document count: the collection is the corpus.
 *
 * <p>Other fields (keys, kinds, filters) keep Lucene's statistics; their scores are never used.
 */
final class LiveStatisticsSearcher extends IndexSearcher {

  private final ConcurrentHashMap<String, Optional<CollectionStatistics>> bm25Fields =
      new ConcurrentHashMap<>();

  LiveStatisticsSearcher(IndexReader reader) {
    super(reader);
  }

  @Override
  public TermStatistics termStatistics(Term term, int docFreq, long totalTermFreq)
      throws IOException {
    if (!ChunkDocuments.isBm25Field(term.field()) || !getIndexReader().hasDeletions()) {
      return super.termStatistics(term, docFreq, totalTermFreq);
    }
    long liveDocFreq = 0;
    long liveTotalTermFreq = 0;
    for (LeafReaderContext leaf : getIndexReader().leaves()) {
      Terms terms = leaf.reader().terms(term.field());
      if (terms == null) {
        continue;
      }
      TermsEnum termsEnum = terms.iterator();
      if (!termsEnum.seekExact(term.bytes())) {
        continue;
      }
      Bits live = leaf.reader().getLiveDocs();
      if (live == null) {
        liveDocFreq += termsEnum.docFreq();
        liveTotalTermFreq += termsEnum.totalTermFreq();
        continue;
      }
      PostingsEnum postings = termsEnum.postings(null, PostingsEnum.FREQS);
      for (int doc = postings.nextDoc();
          doc != DocIdSetIterator.NO_MORE_DOCS;
          doc = postings.nextDoc()) {
        if (live.get(doc)) {
          liveDocFreq++;
          liveTotalTermFreq += postings.freq();
        }
      }
    }
    // Lucene asks only when some (possibly deleted) document has the term. If none is live, no
    // document can be scored with these statistics; any valid ones will do.
    return liveDocFreq == 0
        ? new TermStatistics(term.bytes(), 1, 1)
        : new TermStatistics(term.bytes(), liveDocFreq, liveTotalTermFreq);
  }

  @Override
  public CollectionStatistics collectionStatistics(String field) throws IOException {
    if (!ChunkDocuments.isBm25Field(field)) {
      return super.collectionStatistics(field);
    }
    return bm25Fields
        .computeIfAbsent(
            field,
            name -> {
              try {
                return Optional.ofNullable(liveStatistics(name));
              } catch (IOException e) {
                throw new UncheckedIOException("cannot read the statistics of " + name, e);
              }
            })
        .orElse(null);
  }

  private CollectionStatistics liveStatistics(String field) throws IOException {
    long docCount = 0;
    long sumTotalTermFreq = 0;
    long sumDocFreq = 0;
    boolean anyTerms = false;
    for (LeafReaderContext leaf : getIndexReader().leaves()) {
      LeafReader reader = leaf.reader();
      Terms terms = reader.terms(field);
      if (terms == null) {
        continue;
      }
      anyTerms = true;
      docCount += terms.getDocCount();
      sumTotalTermFreq += terms.getSumTotalTermFreq();
      sumDocFreq += terms.getSumDocFreq();
      Bits live = reader.getLiveDocs();
      if (live == null) {
        continue;
      }
      // Norms exist for every document that has the field, so they enumerate this collection's
      // documents in the segment without touching other collections'.
      NumericDocValues docsWithField = reader.getNormValues(field);
      NumericDocValues tokens = reader.getNumericDocValues(ChunkDocuments.BM25_TOKENS);
      NumericDocValues distinct = reader.getNumericDocValues(ChunkDocuments.BM25_TERMS);
      for (int doc = docsWithField.nextDoc();
          doc != DocIdSetIterator.NO_MORE_DOCS;
          doc = docsWithField.nextDoc()) {
        if (live.get(doc)) {
          continue;
        }
        if (tokens == null
            || distinct == null
            || !tokens.advanceExact(doc)
            || !distinct.advanceExact(doc)) {
          throw new IllegalStateException(
              "document "
                  + doc
                  + " of "
                  + field
                  + " in "
                  + reader
                  + " has no BM25 length doc values: the index layout is inconsistent");
        }
        // A document without tokens has a norm but was never counted in docCount.
        docCount -= tokens.longValue() > 0 ? 1 : 0;
        sumTotalTermFreq -= tokens.longValue();
        sumDocFreq -= distinct.longValue();
      }
    }
    if (!anyTerms) {
      return null; // like Lucene: no document ever had the field
    }
    if (docCount == 0) {
      // Only deleted documents have the field: nothing live can be scored with these.
      return new CollectionStatistics(field, 1, 1, 1, 1);
    }
    return new CollectionStatistics(field, docCount, docCount, sumTotalTermFreq, sumDocFreq);
  }
}
