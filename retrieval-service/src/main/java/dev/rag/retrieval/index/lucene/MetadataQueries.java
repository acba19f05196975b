package dev.rag.retrieval.index.lucene;

import static dev.rag.retrieval.index.lucene.ChunkDocuments.META_DATE_PREFIX;
import static dev.rag.retrieval.index.lucene.ChunkDocuments.META_KEYS;
import static dev.rag.retrieval.index.lucene.ChunkDocuments.META_NUMBER_PREFIX;
import static dev.rag.retrieval.index.lucene.ChunkDocuments.META_PREFIX;

import dev.rag.retrieval.index.MetadataFilter;
import dev.rag.retrieval.index.MetadataFilters;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Metadata conditions as Lucene clauses over the fields {@link ChunkDocuments} indexes: exact and
 * {@code in} on the keyword field, ranges on the point fields (exclusive bounds become the next
 * representable value, which is exact for doubles and epoch milliseconds), {@code exists} on the
 * list of keys.
 */
final class MetadataQueries {

  private MetadataQueries() {}

  /** Adds every condition to {@code filter}: FILTER clauses, or MUST_NOT for an absent key. */
  static void addTo(BooleanQuery.Builder filter, MetadataFilters filters) {
    for (MetadataFilter condition : filters.conditions()) {
      switch (condition) {
        case MetadataFilter.Exists exists when !exists.present() ->
            filter.add(new TermQuery(new Term(META_KEYS, exists.key())), Occur.MUST_NOT);
        default -> filter.add(query(condition), Occur.FILTER);
      }
    }
  }

  private static Query query(MetadataFilter condition) {
    return switch (condition) {
      case MetadataFilter.Equals equals ->
          new TermQuery(new Term(META_PREFIX + equals.key(), equals.value()));
      case MetadataFilter.AnyOf anyOf ->
          new TermInSetQuery(
              META_PREFIX + anyOf.key(), anyOf.values().stream().map(BytesRef::new).toList());
      case MetadataFilter.Exists exists -> new TermQuery(new Term(META_KEYS, exists.key()));
      case MetadataFilter.NumberRange range -> numbers(range);
      case MetadataFilter.DateRange range -> dates(range);
    };
  }

  private static Query numbers(MetadataFilter.NumberRange range) {
    double lower = Double.NEGATIVE_INFINITY;
    double upper = Double.POSITIVE_INFINITY;
    if (range.lower() != null) {
      lower = range.lowerInclusive() ? range.lower() : Math.nextUp(range.lower());
    }
    if (range.upper() != null) {
      upper = range.upperInclusive() ? range.upper() : Math.nextDown(range.upper());
    }
    return lower > upper
        ? new MatchNoDocsQuery("empty numeric range on " + range.key())
        : DoublePoint.newRangeQuery(META_NUMBER_PREFIX + range.key(), lower, upper);
  }

  private static Query dates(MetadataFilter.DateRange range) {
    long lower = Long.MIN_VALUE;
    long upper = Long.MAX_VALUE;
    if (range.lower() != null) {
      if (!range.lowerInclusive() && range.lower() == Long.MAX_VALUE) {
        return new MatchNoDocsQuery("empty date range on " + range.key());
      }
      lower = range.lowerInclusive() ? range.lower() : range.lower() + 1;
    }
    if (range.upper() != null) {
      if (!range.upperInclusive() && range.upper() == Long.MIN_VALUE) {
        return new MatchNoDocsQuery("empty date range on " + range.key());
      }
      upper = range.upperInclusive() ? range.upper() : range.upper() - 1;
    }
    return lower > upper
        ? new MatchNoDocsQuery("empty date range on " + range.key())
        : LongPoint.newRangeQuery(META_DATE_PREFIX + range.key(), lower, upper);
  }
}
