/**
 * Loads a corpus through the real pipeline, as any producer would: one {@code DocumentEvent.Upsert}
 * per document on {@code rag.documents}, keyed by document id, then waits until ingest-service's
 * registry reports every document {@code INDEXED} (retrieval-service acknowledged all of its chunks
 * in both indexes). The collection is named after the dataset and a digest of the corpus, so a
 * second evaluation of the same corpus finds it and skips the ingestion, and a changed corpus never
 * mixes with an old one.
 */
package dev.rag.eval.ingestion;
