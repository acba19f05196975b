package dev.rag.ingest.collections;

/**
 * The 202 body of a collection delete.
 *
 * @param jobId the ingest job that follows every document's delete through both indexes
 * @param collection the deleted collection
 * @param documents how many documents the delete removes
 * @param status the job's path, {@code /v1/ingest-jobs/<jobId>}
 */
record CollectionDeleteAccepted(String jobId, String collection, int documents, String status) {}
